#!/usr/bin/env bash
# Demo step (issue 6): tenant site deployments promoted by the distributor-service.
#   CI --DeploymentCompleted--> distributor-service --FilesDistributed + DeploymentPromoted-->
# Copy mode syncs a build into tenants/<id>/deployments/current/ by content hash and reports exactly the paths
# the edge must forget; pointer mode keeps builds immutable and switches a KeyValueStore entry (no invalidation).
# A build is promoted only from the tenant's own build root, tenants/<id>/builds/ in the builds bucket (issue 13):
# a deployment pointing anywhere else is answered with DeploymentFailed (rule foreign-source) and changes nothing.
# Never fails `./edgeplane up`: problems are printed, the step ends with 0.
set -uo pipefail
EP="$EDGEPLANE_HOME/edgeplane"
say() { printf '%s\n' "$*"; }
json_field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run_id=$(date +%s)

# Two builds of a tiny site: b2 changes the home page and ships a new content-hashed bundle.
mkdir -p "$work/b1/assets" "$work/b2/assets"
printf '<h1>Acme v1</h1><script src="/assets/app.1a2b3c4d.js"></script>' > "$work/b1/index.html"
printf '<h1>Acme v2</h1><script src="/assets/app.5e6f7a8b.js"></script>' > "$work/b2/index.html"
printf '<p>About Acme</p>' | tee "$work/b1/about.html" > "$work/b2/about.html"
printf 'console.log(1)' > "$work/b1/assets/app.1a2b3c4d.js"
printf 'console.log(2)' > "$work/b2/assets/app.5e6f7a8b.js"

say "== Deployments: CI finished two builds of tenant sites; the distributor makes them live"
say "-> uploading the builds to s3://edgeplane-source/tenants/{acme,globex}/builds/{b1,b2}/ (what CI does: each"
say "   tenant's builds under its own build root)"
for t in acme globex; do
  for b in b1 b2; do
    for f in index.html about.html $(cd "$work/$b" && ls assets/*); do
      "$EP" s3 put edgeplane-source "tenants/$t/builds/$b/$f" "$work/$b/$f" >/dev/null 2>&1 \
        || { say "   upload of $t/$b/$f failed; skipping the deployment demo"; exit 0; }
    done
  done
done

deploy() { # tenant build mode [source prefix] [deployment id]
  "$EP" publish io.edgeplane.deployment.completed.v1 "{\"deploymentId\":\"${5:-demo-$1-$2-$run_id}\",\"tenantId\":\"$1\",
    \"buildId\":\"$2\",\"sourceBucket\":\"edgeplane-source\",\"sourcePrefix\":\"${4:-tenants/$1/builds/$2/}\",
    \"distributionId\":\"E1EDGEPLANE0001\",\"version\":\"1.0.$2\",\"mode\":\"$3\",
    \"completedAt\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}" >/dev/null 2>&1
}
await_live() { # tenant build field -> prints the tenant's deployments JSON once <field> is <build>
  local json=""
  for _ in $(seq 1 30); do
    json=$(curl -s "$DISTRIBUTOR_URL/tenants/$1/deployments")
    [ "$(json_field "${3:-liveBuildId}" <<<"$json")" = "$2" ] && { printf '%s' "$json"; return 0; }
    sleep 0.5
  done
  return 1
}

say "-> copy mode, tenant acme: DeploymentCompleted b1, then b2"
deploy acme b1 copy && await_live acme b1 >/dev/null || { say "   b1 was not promoted in time; see the distributor log"; exit 0; }
deploy acme b2 copy && await_live acme b2 >/dev/null || { say "   b2 was not promoted in time; see the distributor log"; exit 0; }
say "   acme serves b2 from tenants/acme/deployments/current/. What the edge must forget (FilesDistributed):"
"$EP" events edgeplane.files.distributed 1 2>/dev/null | sed 's/^/     /'
say "   Only index.html is reported: about.html is unchanged (same content hash, not even copied), the new bundle"
say "   has a new name, and the old content-hashed bundle, deleted last, may stay cached harmlessly (seed 002)."
"$EP" s3 head edgeplane-distribution tenants/acme/deployments/current/index.html 2>/dev/null | sed 's/^/     /'

say "-> pointer mode, tenant globex: same builds, kept immutable under tenants/globex/deployments/<build>/"
deploy globex b1 pointer && await_live globex b1 pointer >/dev/null \
  && deploy globex b2 pointer && json=$(await_live globex b2 pointer) \
  || { say "   pointer promotion did not finish in time; see the distributor log"; exit 0; }
say "   KeyValueStore entry globex -> $(json_field pointer <<<"$json") (simulated store locally): the routing function now"
say "   rewrites globex's requests to .../deployments/b2/, new cache keys, so nothing is invalidated."

say "-> a hostile DeploymentCompleted: tenant acme asks for globex's build (sourcePrefix tenants/globex/builds/b1/)"
foreign="demo-foreign-$run_id"
deploy acme b9 copy tenants/globex/builds/b1/ "$foreign" || say "   publishing it failed"
failed=""
for _ in $(seq 1 30); do
  failed=$("$EP" events edgeplane.deployments.promoted 50 2>/dev/null | grep "$foreign" | grep deployment.failed)
  [ -n "$failed" ] && break
  sleep 0.5
done
if [ -n "$failed" ]; then
  say "   refused, nothing copied or recorded; the CI learns why on edgeplane.deployments.promoted:"
  printf '%s\n' "$failed" | sed 's/^/     /'
  say "   acme still serves $(curl -s "$DISTRIBUTOR_URL/tenants/acme/deployments" | json_field liveBuildId); no replay can make a foreign"
  say "   build acme's, so the DeploymentFailed is the whole answer (no dead letter)"
else
  say "   no DeploymentFailed within 15 s; see the distributor log"
fi

say "-> POST $DISTRIBUTOR_URL/tenants/acme/rollback (authenticated): back to the previous build"
resp=$(curl -s -X POST -H "Authorization: Bearer $API_TOKEN" "$DISTRIBUTOR_URL/tenants/acme/rollback")
say "   DeploymentPromoted: build $(json_field buildId <<<"$resp") (was $(json_field previousBuildId <<<"$resp")),"\
" $(json_field filesCopied <<<"$resp") files copied, $(json_field pathsChanged <<<"$resp") paths to forget"
say "   History: curl $DISTRIBUTOR_URL/tenants/acme/deployments"
exit 0
