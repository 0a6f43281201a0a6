// Tells the server the browser's time zone, so that times are shown in the customer's zone.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (e) {
    // no Intl: the server's zone is used
  }
})();
