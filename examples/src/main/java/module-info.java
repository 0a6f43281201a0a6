/** Runnable host integrations of twofa: a terminal demo, a JDBC store and a web Security page. */
module dev.twofa.examples {
    requires transitive dev.twofa.core;
    requires transitive dev.twofa.totp;
    requires transitive dev.twofa.sms;
    requires dev.twofa.testkit;
    requires transitive java.sql; // JdbcProfileStore takes a javax.sql.DataSource
    requires jdk.httpserver;
    requires java.net.http;

    exports dev.twofa.examples;
    exports dev.twofa.examples.jdbc;
    exports dev.twofa.examples.web;
}
