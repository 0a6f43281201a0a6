/**
 * JMH benchmarks: twofa-totp's generate and verify beside a bare cached {@code Mac.doFinal} (the
 * floor) and the same operations in java-otp, otp-java, java-totp and GoogleAuth; and the login path
 * ({@code LoginBenchmark} in memory beside a bare verify, {@code PostgresLoginBenchmark} on an
 * embedded PostgreSQL beside bare single-row statements). Run {@code benchmarks/run.sh}; it prints
 * the tables and the ratios against the targets, and the other benchmarks as a list.
 *
 * <p>Not an API. Each {@code @State} is per thread, except the database of {@code
 * PostgresLoginBenchmark}, shared by the threads of a trial.
 */
package dev.twofa.benchmarks;
