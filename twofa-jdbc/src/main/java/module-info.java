/**
 * twofa-jdbc: the production {@link dev.twofa.core.spi.ProfileStore} and a shared {@link
 * dev.twofa.sms.SendLimiter} on plain JDBC, for any number of application nodes on one PostgreSQL,
 * MySQL/MariaDB or H2 database.
 *
 * <p>Exports {@code dev.twofa.jdbc}. The schema ships as Flyway-named migration scripts under {@code
 * db/migration/twofa/<dialect>/}; a host's Flyway or Liquibase reads them when the jar is on the class
 * path (on the module path they are encapsulated: copy them into the host's own migrations).
 */
module dev.twofa.jdbc {
    requires transitive dev.twofa.core;
    requires transitive dev.twofa.sms;
    requires transitive java.sql;
    requires org.slf4j;

    exports dev.twofa.jdbc;
}
