/**
 * A minimal {@link javax.sql.DataSource} for the examples' H2 database; the store and the send
 * limiter on it come from twofa-jdbc ({@code dev.twofa.jdbc}).
 */
package dev.twofa.examples.jdbc;
