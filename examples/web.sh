#!/usr/bin/env bash
# The Security page on http://127.0.0.1:PORT/ : ./examples/web.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
exec mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.twofa.examples.web.SecurityPageServer -Dexec.args="${1:-0}"
