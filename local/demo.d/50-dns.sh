#!/usr/bin/env bash
# Demo step (issue 5): every tenant gets a working hostname.
#   tenant management --TenantProvisioned--> dns-service --TenantDnsReady / TenantDnsFailed-->
# Shows strategy selection (shared vs individual), label validation, batched Route 53 writes against the
# simulated Route 53 (5 requests/s, PENDING -> INSYNC) and the strategy report.
# Never fails `./edgeplane up`: problems are printed, the step ends with 0.
set -uo pipefail
EP="$EDGEPLANE_HOME/edgeplane"
say() { printf '%s\n' "$*"; }
field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -1; }
run=$(date +%s)
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

provision() { # id label tier [extra json]
  "$EP" publish io.edgeplane.tenant.provisioned.v1 "{\"tenantId\":\"$1\",\"subdomain\":\"$2\",
    \"baseDomain\":\"edgeplane.test\",\"subscriptionTier\":\"$3\",\"trafficTier\":\"normal\",
    \"monthlyPageViews\":25000${4:-},\"provisionedAt\":\"$(now)\"}" >/dev/null 2>&1
}

say "== DNS: tenants get hostnames under edgeplane.test (simulated Route 53 zone Z0EDGEPLANELOCAL)"
say "-> TenantProvisioned: 25 standard tenants, 1 enterprise tenant, 2 with bad labels"
for i in $(seq 1 25); do provision "demo-$run-$i" "shop$i-$run" standard || true; done
provision "demo-$run-ent" "bigcorp-$run" enterprise
provision "demo-$run-bad" "Bad_Label" standard
provision "demo-$run-www" "www" standard

state=""
for _ in $(seq 1 60); do
  state=$(curl -s "$DNS_URL/tenants/demo-$run-25/dns")
  [ "$(field status <<<"$state")" = "insync" ] && break
  sleep 0.5
done
if [ "$(field status <<<"$state")" != "insync" ]; then
  say "   the standard tenants were not INSYNC in time; see the dns-service log"; exit 0
fi
say "   shop25-$run.edgeplane.test -> $(field target <<<"$state") ($(field strategy <<<"$state"), reason: $(field reason <<<"$state"))"

ent=""
for _ in $(seq 1 40); do
  ent=$(curl -s "$DNS_URL/tenants/demo-$run-ent/dns")
  [ "$(field status <<<"$ent")" = "insync" ] && break
  sleep 0.5
done
say "   bigcorp-$run.edgeplane.test -> $(field target <<<"$ent") ($(field strategy <<<"$ent"), reason: $(field reason <<<"$ent"), distribution $(field distributionId <<<"$ent"))"
say "   Bad_Label -> $(curl -s "$DNS_URL/tenants/demo-$run-bad/dns" | field failureRule), www -> $(curl -s "$DNS_URL/tenants/demo-$run-www/dns" | field failureRule) (nothing written)"

say "-> TenantProvisioned with a custom domain: a CloudFront SaaS Manager distribution tenant of the multi-tenant"
say "   distribution (its own domains and managed certificate), not a distribution of its own"
custom="shop-$run.customer-demo.example"
provision "demo-$run-saas" "saas-$run" premium ",\"customDomain\":\"$custom\""
dt=""
for _ in $(seq 1 40); do
  dt=$(curl -s "$DNS_URL/tenants/demo-$run-saas/dns")
  [ -n "$(field waiting <<<"$dt")" ] || [ "$(field status <<<"$dt")" = "insync" ] && break
  sleep 0.5
done
cname=$(sed -n 's/.*"customerRecords" *: *\[ *"\([^"]*\)".*/\1/p' <<<"$dt" | head -1)
if [ -n "$cname" ]; then
  say "   $(field waiting <<<"$dt")"
  say "   the customer creates: $cname   (the local stack simulates it: PUT /simulated/customer-dns/$custom)"
  curl -s -o /dev/null -X PUT -H "Authorization: Bearer $API_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"target\":\"${cname##* }\"}" "$DNS_URL/simulated/customer-dns/$custom"
  for _ in $(seq 1 60); do
    dt=$(curl -s "$DNS_URL/tenants/demo-$run-saas/dns")
    [ "$(field status <<<"$dt")" = "insync" ] && break
    sleep 0.5
  done
fi
say "   saas-$run.edgeplane.test + $custom -> $(field target <<<"$dt") ($(field strategy <<<"$dt"), distribution tenant $(field distributionTenantId <<<"$dt"), status $(field status <<<"$dt"))"

metrics=$(curl -s "$DNS_URL/q/metrics")
changes=$(grep '^edgeplane_dns_route53_requests_total{operation="ChangeResourceRecordSets"' <<<"$metrics" | awk '{print $2}')
polls=$(grep '^edgeplane_dns_route53_requests_total{operation="GetChange"' <<<"$metrics" | awk '{print $2}')
say "-> Route 53 requests so far: ${changes:-?} ChangeResourceRecordSets, ${polls:-?} GetChange polls for 26 tenants: the shared"
say "   ones are served by one *.edgeplane.test wildcard record (the shipped default), the enterprise tenant gets"
say "   its own A/AAAA alias records, batched"

report=$(curl -s "$DNS_URL/dns/strategy-report?prefix=demo-$run")
say "-> strategy report: $(field total <<<"$report") demo tenants, $(field individual <<<"$report") individual; quota $(field used <<<"$report") of $(field max <<<"$report") individual distributions"
say "-> events on edgeplane.tenants.dns (TenantDnsReady / TenantDnsFailed):"
"$EP" events edgeplane.tenants.dns 3 2>/dev/null | sed 's/^/   /' | head -12
say "   try: curl $DNS_URL/tenants/demo-$run-ent/dns ; curl $DNS_URL/zones/Z0EDGEPLANELOCAL/plan"
exit 0
