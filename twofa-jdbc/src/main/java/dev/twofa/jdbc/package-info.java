/**
 * twofa's state on a shared SQL database, for hosts with more than one application node.
 *
 * <ul>
 *   <li>{@link dev.twofa.jdbc.JdbcProfileStore}: one row per account, every write a single {@code
 *       UPDATE ... WHERE version = ?} (compare-and-set), so replay watermarks, SMS codes and
 *       failure counters stay right across nodes;
 *   <li>{@link dev.twofa.jdbc.JdbcSendLimiter}: the SMS resend cooldown and the per-number and
 *       per-account send limits, decided in one short transaction per key under a row lock;
 *   <li>{@link dev.twofa.jdbc.JdbcSchema} and {@link dev.twofa.jdbc.Dialect}: the versioned schema
 *       scripts ({@code db/migration/twofa/<dialect>/V1__twofa_schema.sql}) and a quick start that
 *       runs them.
 * </ul>
 *
 * <p>Plain JDBC, no ORM, no cache, no driver dependency: the host brings its driver and pool. A
 * failing database is reported as a {@link dev.twofa.jdbc.DatabaseException} that names the
 * operation and the SQLState only; the driver's message (which may quote bound values such as a
 * phone number or a hash) is never passed on.
 *
 * <p>Every class here is thread-safe.
 */
package dev.twofa.jdbc;
