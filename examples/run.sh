#!/usr/bin/env bash
# Builds an example and the twofa modules it needs (no tests, nothing installed in ~/.m2) and runs
# one of its main classes with the given arguments:  examples/run.sh MAIN_CLASS [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
main="$1"
shift
mvn -B -q -pl examples -am package dependency:build-classpath -DskipTests \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >&2  # keep stdout for the example
exec java -cp "examples/target/classes:$(cat examples/target/runtime-classpath.txt)" "$main" "$@"
