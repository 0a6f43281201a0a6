/**
 * A {@link dev.twofa.core.spi.ProfileStore} on plain JDBC with a portable schema ({@code
 * schema.sql}, and {@code schema-postgresql.sql} for PostgreSQL).
 */
package dev.twofa.examples.jdbc;
