#!/usr/bin/env bash
# The fleet scenario of issue 22 on the running local stack: N tenants' 10,000-file builds uploaded to
# edgeplane-source with a third-party S3 client (rclone), each promoted through the running distributor (copy mode:
# 10,000 files copied into tenants/<id>/deployments/current/), one build copied again with rclone (server-side copy),
# then whole-bucket listings with rclone; every process must stay healthy (./edgeplane status). Prints the figures
# (times, objects, RSS per process, load average) as a markdown table.
#   ./edgeplane up --no-demo && local/fleet.sh [--builds 10] [--files 10000]; ./edgeplane down
# Needs rclone (apt-get install rclone). Exits 1 when a step fails or a process is not healthy at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
builds=10 files=10000 transfers=16
while [ $# -gt 0 ]; do
  case $1 in
    --builds) builds=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --transfers) transfers=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v rclone >/dev/null || { echo "rclone not found (apt-get install rclone)" >&2; exit 1; }
EP=./edgeplane
DISTRIBUTOR_URL=http://127.0.0.1:8082
run=f$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { printf '%s\n' "$*"; }
field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
rows=()
row() { rows+=("| $1 | $2 |"); say "   $1: $2"; }

# rclone against the local endpoint, configured from the environment only (no rclone.conf written).
export RCLONE_CONFIG_EP_TYPE=s3 RCLONE_CONFIG_EP_PROVIDER=Other RCLONE_CONFIG_EP_ENDPOINT=http://127.0.0.1:19000 \
  RCLONE_CONFIG_EP_ACCESS_KEY_ID=edgeplane-local RCLONE_CONFIG_EP_SECRET_ACCESS_KEY=edgeplane-local-secret \
  RCLONE_CONFIG_EP_REGION=us-east-1 RCLONE_CONFIG_EP_FORCE_PATH_STYLE=true
rc() { env -u AWS_CA_BUNDLE rclone --config /dev/null --transfers "$transfers" --checkers "$transfers" --retries 1 --low-level-retries 3 "$@"; }

grep -q 'fetcher-service .* yes' <<<"$($EP status)" || { echo "the stack is not up: ./edgeplane up --no-demo first" >&2; exit 1; }

# A site build: 100 directories of files/100 pages each, plus a few shared assets; 200-2,000 bytes a file.
python3 - "$work" "$builds" "$files" <<'EOF'
import os, sys
work, builds, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for b in range(builds):
    root = os.path.join(work, "b%02d" % b)
    for i in range(files):
        d = os.path.join(root, "docs", "section-%03d" % (i % 100)) if i % 10 else os.path.join(root, "blog", "%04d" % (i // 10 % 100))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "page-%05d.html" % i), "w") as f:
            f.write("<!doctype html><title>tenant %d page %d</title>" % (b, i) + "x" * (i * 7919 % 1800))
EOF
say "== fleet: $builds builds of $files files ($(du -sh "$work" | cut -f1) on disk), run $run"

tenant() { printf 'fleet%02d-%s' "$1" "$run"; }
t0=$SECONDS
for b in $(seq 0 $((builds - 1))); do
  rc copy "$work/b$(printf %02d "$b")" "ep:edgeplane-source/tenants/$(tenant "$b")/builds/b1" \
    || { say "upload of build $b failed"; exit 1; }
done
upload=$((SECONDS - t0))
row "upload of $builds builds x $files files with rclone copy (--transfers $transfers)" \
  "$upload s ($((builds * files / (upload > 0 ? upload : 1))) objects/s), load $(load)"

deploy() { # tenant
  $EP publish io.edgeplane.deployment.completed.v1 "{\"deploymentId\":\"$1-b1\",\"tenantId\":\"$1\",
    \"buildId\":\"b1\",\"sourceBucket\":\"edgeplane-source\",\"sourcePrefix\":\"tenants/$1/builds/b1/\",
    \"distributionId\":\"E1EDGEPLANE0001\",\"version\":\"1.0.0\",\"mode\":\"copy\",
    \"completedAt\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}" >/dev/null
}
live() { [ "$(curl -s "$DISTRIBUTOR_URL/tenants/$1/deployments" | field liveBuildId)" = b1 ]; }
t0=$SECONDS
slowest=0
for b in $(seq 0 $((builds - 1))); do
  t=$(tenant "$b") tb=$SECONDS
  deploy "$t" || { say "publishing DeploymentCompleted for $t failed"; exit 1; }
  until live "$t"; do
    [ $((SECONDS - tb)) -lt 900 ] || { say "build of $t not live after 900 s"; exit 1; }
    sleep 1
  done
  [ $((SECONDS - tb)) -gt $slowest ] && slowest=$((SECONDS - tb))
  say "   $t live after $((SECONDS - tb)) s; distributor RSS $(ps -o rss= -p "$(cat .edgeplane/pids/distributor-service)" | awk '{printf "%d MB", $1/1024}')"
done
promote=$((SECONDS - t0))
copied=$(rc size "ep:edgeplane-distribution/tenants/" --json 2>/dev/null | sed -n 's/.*"count":\([0-9]*\).*/\1/p')
row "promotion of $builds builds (DeploymentCompleted, copy mode, one after the other until live)" \
  "$promote s (slowest build $slowest s); $copied objects under edgeplane-distribution/tenants/; load $(load)"

t0=$SECONDS
rc copy "ep:edgeplane-source/tenants/$(tenant 0)/builds/b1" "ep:edgeplane-source/copies/$(tenant 0)/b1" \
  || { say "rclone server-side copy failed"; exit 1; }
row "rclone copy of one build inside the endpoint (server-side CopyObject, $files objects)" "$((SECONDS - t0)) s, load $(load)"

for bucket in edgeplane-source edgeplane-distribution; do
  t0=$SECONDS
  n=$(rc size "ep:$bucket" --json | sed -n 's/.*"count":\([0-9]*\).*/\1/p')
  row "rclone size ep:$bucket (lists the whole bucket, 1,000 keys a page)" "$n objects in $((SECONDS - t0)) s"
done
t0=$SECONDS
dirs=$(rc lsf "ep:edgeplane-source/tenants/$(tenant 0)/builds/b1/docs/" | wc -l)
row "rclone lsf of one build's docs/ (delimiter listing)" "$dirs entries in $((SECONDS - t0)) s"

say ""
$EP status | tee "$work/status"
healthy=yes
grep -E '^  (kafka|s3|[a-z]+-service) ' "$work/status" | grep -vq ' yes ' && healthy=no
row "every process ready at the end (./edgeplane status)" "$healthy"
say ""
say "| step | figure |"
say "|---|---|"
printf '%s\n' "${rows[@]}"
[ $healthy = yes ]
