#!/usr/bin/env bash
# Demo step (issue 3): the daily data fetch, run now, and its distribution to the CDN bucket.
#   fetcher-service --DataFetched--> distributor-service --FilesDistributed--> (invalidation-service)
# Never fails `./edgeplane up`: problems are printed, the step ends with 0.
set -uo pipefail
EP="$EDGEPLANE_HOME/edgeplane"
say() { printf '%s\n' "$*"; }
json_field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -1; }
distributions() {
  curl -sf "$DISTRIBUTOR_URL/q/metrics" 2>/dev/null \
    | awk '/^edgeplane_distributor_distributions_total/ {s += $NF} END {printf "%d", s}'
}

say "== Data distribution: fetch AWS region/service metadata, copy it to the CDN bucket"
before=$(distributions)

say "-> POST $FETCHER_URL/fetches (the same fetch the daily 02:00 UTC schedule runs; offline source locally)"
resp=$(curl -s -X POST -H "Authorization: Bearer $API_TOKEN" -w '\n%{http_code}' "$FETCHER_URL/fetches")
code=$(tail -n1 <<<"$resp")
body=$(sed '$d' <<<"$resp")
case "$code" in
  202) run=$(json_field runId <<<"$body") ;;
  409) say "   a fetch is already running; following it"
       run=$(curl -s "$FETCHER_URL/fetches/latest" | json_field runId) ;;
  *)   say "   fetcher answered HTTP $code: $body"; exit 0 ;;
esac
say "   run $run started"

status=RUNNING
for _ in $(seq 1 40); do
  run_json=$(curl -s "$FETCHER_URL/fetches/$run")
  status=$(json_field status <<<"$run_json")
  [ "$status" != "RUNNING" ] && break
  sleep 0.5
done
if [ "$status" != "SUCCEEDED" ]; then
  say "   fetch $run ended as '$status': $(json_field error <<<"$run_json")"
  exit 0
fi
say "   fetch $run: $(json_field regionCount <<<"$run_json") regions, $(json_field serviceCount <<<"$run_json") services," \
    "content changed: $(json_field changed <<<"$run_json"), DataFetched $(json_field eventId <<<"$run_json")"
say "   source bucket now holds:"
"$EP" s3 ls edgeplane-source aws-data/ 2>/dev/null | grep -v '/history/' | sed 's/^/     /'

say "-> waiting for the distributor to handle DataFetched ..."
for _ in $(seq 1 40); do
  [ "$(distributions)" -gt "${before:-0}" ] && break
  sleep 0.5
done
say "   FilesDistributed (what the invalidation-service will act on):"
"$EP" events edgeplane.files.distributed 1 2>/dev/null | sed 's/^/     /'

say "-> the copy in the CDN bucket, served by CloudFront as /data/regions.json:"
if ! "$EP" s3 head edgeplane-distribution data/regions.json 2>/dev/null | sed 's/^/     /'; then
  say "     (not there: see the distributor log; distribution failures are reported, never fatal)"
fi
say "   Cache-Control comes from the cache policy (JSON data: 5 minutes); Content-Type and the x-amz-meta-*"
say "   entries were set by CopyObject with MetadataDirective=REPLACE. A second fetch of the same data copies"
say "   nothing and reports no changed paths, so it costs no invalidation."
exit 0
