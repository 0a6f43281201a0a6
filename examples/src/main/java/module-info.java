/**
 * Runnable host integrations of twofa: the terminal demo and the README's snippets, on twofa-jdbc. The
 * web page is the Spring Boot example in examples/customer-admin.
 */
module dev.twofa.examples {
    requires transitive dev.twofa.core;
    requires transitive dev.twofa.totp;
    requires transitive dev.twofa.sms;
    requires dev.twofa.testkit;
    requires dev.twofa.jdbc;
    requires transitive java.sql; // ManyNodes and DriverManagerDataSource take or are a javax.sql.DataSource

    exports dev.twofa.examples;
    exports dev.twofa.examples.jdbc;
}
