#!/usr/bin/env bash
# Runs one of the local stack's checks (bench/src/main/java/io/edgeplane/bench/local) against the S3 endpoint
# and broker that ./edgeplane started, with the same environment ./edgeplane exports:
#   ./edgeplane up --s3-only && local/bench.sh S3Conformance; ./edgeplane down
#   ./edgeplane up --s3-only && local/bench.sh S3Capacity --objects 200000; ./edgeplane down
# The package needs only the AWS SDK, so it is compiled here against local/target/lib (no bench module build).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
[ $# -ge 1 ] || { echo "usage: local/bench.sh <S3Conformance|S3Capacity> [args...]" >&2; exit 2; }
[ -d local/target/lib ] || { echo "local/target/lib missing: run ./edgeplane up once (it builds)" >&2; exit 1; }
out=local/target/bench-classes
mkdir -p "$out"
"$JAVA_HOME/bin/javac" -nowarn -d "$out" -cp "local/target/lib/*" \
  bench/src/main/java/io/edgeplane/bench/local/*.java
export EDGEPLANE_HOME="$PWD" S3_ENDPOINT="${S3_ENDPOINT:-http://127.0.0.1:19000}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-edgeplane-local}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-edgeplane-local-secret}"
export S3PROXY_VERSION="$(sed -n 's:.*<s3proxy.version>\(.*\)</s3proxy.version>.*:\1:p' pom.xml)"
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xmx1g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dlog4j2.configurationFile="$PWD/local/config/log4j2-cli.properties" \
  -cp "$out:local/target/lib/*" "io.edgeplane.bench.local.$1" "${@:2}"
