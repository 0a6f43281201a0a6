/**
 * Not API: image decoding for {@link dev.twofa.testkit.AuthenticatorApp} (a PNG reader, an SVG
 * painter and the zxing call). Not exported from the module; may change in any release.
 */
package dev.twofa.testkit.internal;
