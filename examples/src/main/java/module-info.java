/** Runnable host integrations of twofa: a terminal demo and a web Security page on twofa-jdbc. */
module dev.twofa.examples {
    requires transitive dev.twofa.core;
    requires transitive dev.twofa.totp;
    requires transitive dev.twofa.sms;
    requires dev.twofa.testkit;
    requires dev.twofa.jdbc;
    requires transitive java.sql; // ManyNodes and DriverManagerDataSource take or are a javax.sql.DataSource
    requires jdk.httpserver;
    requires java.net.http;

    exports dev.twofa.examples;
    exports dev.twofa.examples.jdbc;
    exports dev.twofa.examples.web;
}
