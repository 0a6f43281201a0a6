#!/usr/bin/env bash
# The terminal demo: ./examples/demo.sh [--auto] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
exec mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.twofa.examples.Demo -Dexec.args="$*"
