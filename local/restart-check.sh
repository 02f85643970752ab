#!/usr/bin/env bash
# Restart coherence of the local stack (issue 22): provision a tenant, deploy a build, upload an image, request an
# invalidation; then `./edgeplane down && ./edgeplane up` and check that what each service shows agrees with the event
# log, before and after the restart. Whatever the restart semantics, a state without its events (or events without
# their state) is a failure; with the documented semantics (a restart starts the whole system fresh) both are empty.
#   local/restart-check.sh          (starts and stops the stack itself; exits 1 on any disagreement)
set -uo pipefail
cd "$(dirname "$0")/.."
EP=./edgeplane
D=E1EDGEPLANE0001
run=r$(date +%s)
tenant="rc-$run"
media="m-$run"
failures=0
say() { printf '%s\n' "$*"; }
field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -1; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
export EDGEPLANE_HOME="$PWD" API_TOKEN=edgeplane-local-token
DNS_URL=http://127.0.0.1:8084 DISTRIBUTOR_URL=http://127.0.0.1:8082 INVALIDATION_URL=http://127.0.0.1:8083 MEDIA_URL=http://127.0.0.1:8085

# events <topic> <grep pattern>: how many records on the topic mention the pattern
events() { "$EP" events "$1" 100000 2>/dev/null | grep -v '^(' | grep -c -- "$2"; }
wait_until() { local i; for i in $(seq 1 "$1"); do eval "$2" >/dev/null 2>&1 && return 0; sleep 1; done; return 1; }

# agree <what> <events found> <state present: yes|no> <phase> <expected: present|absent> [topic pattern]
agree() {
  local has_events=no; [ "$2" -gt 0 ] && has_events=yes
  local verdict=ok
  [ "$has_events" = "$3" ] || verdict="DISAGREE (events: $2, state: $3)"
  [ "$5" = present ] && [ "$3" != yes ] && verdict="MISSING (events: $2, state: $3)"
  [ "$5" = absent ] && [ "$3" != no ] && verdict="KEPT (events: $2, state: $3)"
  say "   [$4] $1: events $2, state $3 -> $verdict"
  [ "$verdict" = ok ] && return 0
  failures=$((failures + 1))
  [ -n "${6:-}" ] && "$EP" events "$6" 100000 2>/dev/null | grep -- "$7" | tail -1 | cut -c1-300 | sed 's/^/        last event: /'
  return 0
}

observe() { # observe <phase> <expected>
  local state
  state=no; [ "$(curl -s "$DNS_URL/tenants/$tenant/dns" | field status)" = insync ] && state=yes
  agree "DNS record of $tenant (TenantDnsReady on edgeplane.tenants.dns)" "$(events edgeplane.tenants.dns "$tenant")" $state "$1" "$2"
  state=no; [ "$(curl -s "$DISTRIBUTOR_URL/tenants/$tenant/deployments" | field liveBuildId)" = b1 ] && state=yes
  agree "live deployment of $tenant (DeploymentPromoted)" "$(events edgeplane.deployments.promoted "$tenant")" $state "$1" "$2" \
    edgeplane.deployments.promoted "$tenant"
  state=no; "$EP" s3 head edgeplane-distribution "tenants/$tenant/deployments/current/index.html" >/dev/null 2>&1 && state=yes
  # A first deployment changes no cached path, so it is its DeploymentPromoted (files copied) that accounts for it.
  agree "served file tenants/$tenant/deployments/current/index.html (DeploymentPromoted)" \
    "$(events edgeplane.deployments.promoted "$tenant")" $state "$1" "$2"
  state=no; [ "$(curl -s -o /dev/null -w '%{http_code}' "$MEDIA_URL/media/$media")" = 200 ] && state=yes
  agree "media item $media (ImageUploaded)" "$(events edgeplane.media.images.uploaded "$media")" $state "$1" "$2" \
    edgeplane.media.status "$media"
  state=no; [ -n "${inval:-}" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$INVALIDATION_URL/distributions/$D/invalidations/$inval")" = 200 ] && state=yes
  agree "invalidation ${inval:-?} of version $run (InvalidationSubmitted)" "$(events edgeplane.invalidations.status "${inval:-no-id}")" $state "$1" "$2"
}

say "== restart check: fresh stack"
"$EP" up --no-build --no-demo >/tmp/edgeplane-restart-check-up1.log 2>&1 || { cat /tmp/edgeplane-restart-check-up1.log; exit 1; }

say "-> provision $tenant, deploy build b1 (copy mode), upload image $media, invalidate version $run"
"$EP" publish io.edgeplane.tenant.provisioned.v1 "{\"tenantId\":\"$tenant\",\"subdomain\":\"$tenant\",
  \"baseDomain\":\"edgeplane.test\",\"subscriptionTier\":\"standard\",\"trafficTier\":\"normal\",\"provisionedAt\":\"$(now)\"}" >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
printf '<h1>%s</h1>' "$tenant" > "$work/index.html"
"$EP" s3 put edgeplane-source "tenants/$tenant/builds/b1/index.html" "$work/index.html" text/html >/dev/null
"$EP" publish io.edgeplane.deployment.completed.v1 "{\"deploymentId\":\"d-$run\",\"tenantId\":\"$tenant\",\"buildId\":\"b1\",
  \"sourceBucket\":\"edgeplane-source\",\"sourcePrefix\":\"tenants/$tenant/builds/b1/\",\"distributionId\":\"$D\",\"version\":\"1.0.0\",
  \"mode\":\"copy\",\"completedAt\":\"$(now)\"}" >/dev/null
# A real JPEG, made with the media-service's bundled ffmpeg (as the media demo does) or a system one.
ffdir=$(ls -d "$HOME"/.javacpp/cache/ffmpeg-*-linux-x86_64-gpl.jar/org/bytedeco/ffmpeg/linux-x86_64-gpl 2>/dev/null | head -1)
ff() { if [ -n "$ffdir" ] && [ -x "$ffdir/ffmpeg" ]; then LD_LIBRARY_PATH="$ffdir" "$ffdir/ffmpeg" "$@"; else ffmpeg "$@"; fi; }
ff -hide_banner -loglevel error -f lavfi -i testsrc2=size=640x480 -frames:v 1 -q:v 3 -y "$work/p.jpg" \
  || { say "no ffmpeg to make a sample JPEG"; exit 1; }
"$EP" s3 put edgeplane-uploads "uploads/$tenant/$media.jpg" "$work/p.jpg" image/jpeg >/dev/null
"$EP" publish io.edgeplane.media.image.uploaded.v1 "{\"mediaId\":\"$media\",\"ownerId\":\"$tenant\",\"bucket\":\"edgeplane-uploads\",
  \"key\":\"uploads/$tenant/$media.jpg\",\"contentType\":\"image/jpeg\",\"sizeBytes\":$(stat -c %s "$work/p.jpg"),\"uploadedAt\":\"$(now)\"}" >/dev/null
inval=$(curl -s -X POST -H "Authorization: Bearer $API_TOKEN" -H 'Content-Type: application/json' -d "{\"version\":\"$run\"}" \
  "$INVALIDATION_URL/distributions/$D/invalidations/deployments" | sed -n 's/.*"invalidationIds":\["\([^"]*\)".*/\1/p')

wait_until 60 "[ \"\$(curl -s $DNS_URL/tenants/$tenant/dns | field status)\" = insync ]"
wait_until 60 "[ \"\$(curl -s $DISTRIBUTOR_URL/tenants/$tenant/deployments | field liveBuildId)\" = b1 ]"
wait_until 60 "[ \"\$(curl -s -o /dev/null -w '%{http_code}' $MEDIA_URL/media/$media)\" = 200 ]"
wait_until 30 "[ \$(events edgeplane.invalidations.status '${inval:-no-id}') -gt 0 ]"
observe before present

say "-> ./edgeplane down && ./edgeplane up"
"$EP" down >/dev/null 2>&1
"$EP" up --no-build --no-demo >/tmp/edgeplane-restart-check-up2.log 2>&1 || { cat /tmp/edgeplane-restart-check-up2.log; exit 1; }
grep -i "starting fresh" /tmp/edgeplane-restart-check-up2.log | sed 's/^/   /'
observe after absent
"$EP" down >/dev/null 2>&1

if [ $failures -eq 0 ]; then say "restart check: every state agrees with the event log, before and after"; exit 0; fi
say "restart check: $failures disagreement(s)"; exit 1
