#!/usr/bin/env bash
# The Customer Administration example (Spring Boot): builds it and the twofa modules it needs (no
# tests, nothing installed in ~/.m2) and starts it on http://127.0.0.1:PORT/ (default 8080):
#   examples/customer-admin/run.sh [PORT]
# Data (H2 database, the generated AES key and the demo passwords) in ./target/customer-admin of the
# directory you start it from; delete that directory to start afresh.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
port="${1:-8080}"
(cd "$root" && mvn -B -q -pl examples/customer-admin -am package dependency:build-classpath -DskipTests \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >&2)
module="$root/examples/customer-admin"
exec java -cp "$module/target/classes:$(cat "$module/target/runtime-classpath.txt")" \
    dev.twofa.examples.customeradmin.CustomerAdminApplication --server.port="$port"
