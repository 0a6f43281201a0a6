/**
 * JMH benchmarks: twofa-totp's generate and verify beside a bare cached {@code Mac.doFinal} (the
 * floor) and the same operations in java-otp, otp-java, java-totp and GoogleAuth. Run {@code
 * benchmarks/run.sh}; it prints the tables and the ratios against the targets.
 *
 * <p>Not an API. Each {@code @State} is per thread.
 */
package dev.twofa.benchmarks;
