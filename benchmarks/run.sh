#!/usr/bin/env bash
# Builds the JMH jar (profile benchmarks) and runs every benchmark in one JVM-per-benchmark run
# with -prof gc, then prints the TOTP table, the ratios against the targets, and any other benchmarks.
#
#   benchmarks/run.sh                       # everything (about 17 minutes on 2 cores, plus some 6 for
#                                           # PostgresLoginBenchmark: PostgreSQL starts in each fork)
#   benchmarks/run.sh 'LoginBenchmark'      # the login path only, in memory and on PostgreSQL
#   benchmarks/run.sh 'Twofa|HmacFloor'     # a JMH regex selects benchmarks
#   JMH_OPTS='-f 2 -wi 5 -w 1s -i 10 -r 1s' benchmarks/run.sh   # replaces the default run settings
#
# Results: benchmarks/results/jmh-<UTC time>.csv (JMH's CSV) and the printed report.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -Pbenchmarks -DskipTests -pl benchmarks -am package

mkdir -p benchmarks/results
out="benchmarks/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).csv"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
# shellcheck disable=SC2086 # JMH_OPTS is split on purpose
java -jar benchmarks/target/benchmarks.jar \
    ${JMH_OPTS:--f 2 -wi 3 -w 1s -i 5 -r 1s} -prof gc -rf csv -rff "$out" "$@"
java -cp benchmarks/target/benchmarks.jar dev.twofa.benchmarks.Report "$out"
echo
echo "CSV: $out"
