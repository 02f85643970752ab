#!/usr/bin/env bash
# Demo step (issue 9): what the whole system did, in one screen a newcomer can read.
#   events consumed per type, status events produced per topic, dead letters per service with their rules,
#   and each service's own counters. Read from the services' /q/metrics and the topics; never fails `up`.
set -uo pipefail
EP="$EDGEPLANE_HOME/edgeplane"
say() { printf '%s\n' "$*"; }
T0=$SECONDS

declare -A URL=([fetcher-service]=$FETCHER_URL [distributor-service]=$DISTRIBUTOR_URL [invalidation-service]=$INVALIDATION_URL
  [dns-service]=$DNS_URL [media-service]=$MEDIA_URL)
declare -A DOES=(
  [fetcher-service]="fetches AWS region/service metadata into the source bucket, announces DataFetched"
  [distributor-service]="copies data and tenant builds into the CDN bucket with cache headers, announces what changed"
  [invalidation-service]="turns changed paths into as few CloudFront invalidations as the quotas allow"
  [dns-service]="gives every tenant a hostname (Route 53 records to the shared or its own distribution)"
  [media-service]="turns uploaded images and videos into renditions, HLS and posters")
SERVICES=(fetcher-service distributor-service invalidation-service dns-service media-service)
declare -A METRICS
for s in "${SERVICES[@]}"; do METRICS[$s]=$(curl -sf --max-time 5 "${URL[$s]}/q/metrics" 2>/dev/null || true); done

# Sum a Prometheus metric's samples grouped by one label: sum_by <metrics text> <metric name> <label>
sum_by() {
  awk -v name="$2" -v label="$3" '
    $0 ~ "^"name"[{ ]" {
      key = "-"; if (match($0, label"=\"[^\"]*\"")) key = substr($0, RSTART + length(label) + 2, RLENGTH - length(label) - 3)
      sum[key] += $NF
    }
    END { for (k in sum) if (sum[k] > 0) printf "%s %d\n", k, sum[k] }' <<<"$1" | sort
}

say "== Summary: what Edgeplane did since it started"
say ""
say "Events each service consumed (by CloudEvents type):"
for s in "${SERVICES[@]}"; do
  svc=${s%-service}
  sum_by "${METRICS[$s]}" "edgeplane_${svc}_events_received_total" type | while read -r type n; do
    printf '  %-22s %-44s %6d\n' "$s" "$type" "$n"
  done
done

say ""
say "Status events on the topics upstream systems read:"
for topic in edgeplane.data.fetched edgeplane.files.distributed edgeplane.deployments.promoted edgeplane.tenants.dns \
             edgeplane.media.status edgeplane.invalidations.status; do
  [ $((SECONDS - T0)) -lt 40 ] || { say "  (stopped counting: time budget)"; break; }
  line=$(timeout 15 "$EP" events "$topic" 0 2>/dev/null | tail -n1)
  n=$(sed -n 's/^(0 of \([0-9]*\) records.*/\1/p' <<<"$line")
  printf '  %-34s %6s events\n' "$topic" "${n:-?}"
done

say ""
say "Dead letters (malformed input parked with a reason; each service went on with the next event):"
any=0
for s in "${SERVICES[@]}"; do
  svc=${s%-service}
  rules=$(sum_by "${METRICS[$s]}" "edgeplane_${svc}_events_rejected_total" rule)
  if [ -n "$rules" ]; then
    any=1
    total=$(awk '{s += $2} END {print s}' <<<"$rules")
    say "  $s: $total rejected -> edgeplane.dlq.$s, by rule: $(awk '{printf "%s%s=%s", sep, $1, $2; sep=", "}' <<<"$rules")"
    if [ $((SECONDS - T0)) -lt 45 ]; then
      timeout 10 "$EP" dlq "$s" 2 2>/dev/null | grep '^key=' | cut -c1-160 | sed 's/^/      e.g. /'
    fi
  fi
done
[ $any = 1 ] || say "  none: every event so far was well-formed"

say ""
say "What each service did (its own counters, non-zero):"
for s in "${SERVICES[@]}"; do
  svc=${s%-service}
  say "  $s: ${DOES[$s]}"
  awk -v p="edgeplane_${svc}_" '
    index($0, p) == 1 && $0 !~ /_events_(received|rejected)_total/ && $0 !~ /_bucket[{ ]/ && $0 !~ /^#/ {
      # A budget is per name (a ratio summed over budgets means nothing): keep that label, sum the others.
      name = $1; budget = ""
      if (match($1, /budget="[^"]*"/)) budget = "{" substr($1, RSTART, RLENGTH) "}"
      sub(/\{.*/, "", name); sum[name budget] += $NF
    }
    END { for (n in sum) if (sum[n] > 0) printf "%s %s\n", n, sum[n] }' <<<"${METRICS[$s]}" \
    | sort | head -8 | while read -r name value; do printf '      %-58s %s\n' "${name#edgeplane_}" "$value"; done
done
say ""
say "More: ./edgeplane events <topic> | ./edgeplane dlq <service> | curl <service>/q/metrics | e2e/README.md"
exit 0
