#!/usr/bin/env bash
# Demo step (issue 7): an upload becomes CDN-ready media.
#   POST /uploads (pre-signed PUT) -> PUT to S3 -> ImageUploaded/VideoUploaded -> media-service
#   -> renditions / HLS in the distribution bucket -> MediaProcessed (+ FilesDistributed on replacement)
# Never fails `./edgeplane up`: problems are printed, the step ends with 0.
set -uo pipefail
EP="$EDGEPLANE_HOME/edgeplane"
say() { printf '%s\n' "$*"; }
field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
user=demo-user

# The media-service extracts its bundled ffmpeg at start-up; use it (or a system ffmpeg) to make sample media.
# The cache directory is named after the jar: ffmpeg-<v>-linux-x86_64-gpl.jar from the Maven repository, or
# org.bytedeco.ffmpeg-<v>-linux-x86_64-gpl.jar from the packaged app's lib/main (what ./edgeplane up runs).
ffdir=$(ls -d "$HOME"/.javacpp/cache/*ffmpeg-*-linux-x86_64-gpl.jar/org/bytedeco/ffmpeg/linux-x86_64-gpl 2>/dev/null | head -1)
ff() { if [ -n "$ffdir" ] && [ -x "$ffdir/ffmpeg" ]; then LD_LIBRARY_PATH="$ffdir" "$ffdir/ffmpeg" "$@"; else ffmpeg "$@"; fi; }
if ! ff -hide_banner -loglevel error -f lavfi -i testsrc2=size=1600x1200 -frames:v 1 -q:v 3 -y "$work/photo1.jpg" \
     || ! ff -hide_banner -loglevel error -f lavfi -i smptebars=size=1200x800 -frames:v 1 -q:v 3 -y "$work/photo2.jpg"; then
  say "== Media: no ffmpeg found to make sample media; skipping"; exit 0
fi

upload() { # file content-type -> prints the object key
  local resp url key
  resp=$(curl -s -X POST -H "Authorization: Bearer $API_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"userId\":\"$user\",\"contentType\":\"$2\"}" "$MEDIA_URL/uploads")
  url=$(sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p' <<<"$resp"); key=$(field key <<<"$resp")
  [ -n "$url" ] || { say "   upload URL request failed: $resp" >&2; return 1; }
  curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Content-Type: $2" --data-binary @"$1" "$url" | grep -q 200 \
    || { say "   PUT to the pre-signed URL failed" >&2; return 1; }
  printf '%s' "$key"
}
wait_version() { # media-id previous-version -> prints the new version (empty on timeout)
  for _ in $(seq 1 50); do
    v=$(curl -s "$MEDIA_URL/media/$1" | field version)
    [ -n "$v" ] && [ "$v" != "$2" ] && { printf '%s' "$v"; return; }
    sleep 0.5
  done
}
outputs() { curl -s "$MEDIA_URL/media/$1" | tr '{' '\n' | sed -n 's/.*"role":"\([^"]*\)","format":"\([^"]*\)","key":"\([^"]*\)".*"cacheControl":"\([^"]*\)","sizeBytes":\([0-9]*\),"width":\([0-9]*\),"height":\([0-9]*\).*/     \1 (\2) \6x\7, \5 bytes, Cache-Control: \4/p'; }

say "== Media: image renditions, signed URLs, replacement purge, HLS video"
media=demo-photo-$(date +%s)
say "-> POST $MEDIA_URL/uploads gives $user a pre-signed PUT URL (content type bound, 5 minutes)"
key=$(upload "$work/photo1.jpg" image/jpeg) || exit 0
say "   uploaded 1600x1200 JPEG to s3://edgeplane-uploads/$key"
"$EP" publish io.edgeplane.media.image.uploaded.v1 "{\"mediaId\":\"$media\",\"ownerId\":\"$user\",\"bucket\":\"edgeplane-uploads\",\"key\":\"$key\",\"contentType\":\"image/jpeg\",\"sizeBytes\":$(stat -c %s "$work/photo1.jpg"),\"uploadedAt\":\"$(date -u +%FT%TZ)\"}" >/dev/null
v1=$(wait_version "$media" "")
[ -n "$v1" ] || { say "   no MediaProcessed for $media within 25 s"; exit 0; }
say "   ImageUploaded -> MediaProcessed, version $v1; outputs in edgeplane-distribution:"
outputs "$media"
first=$(curl -s "$MEDIA_URL/media/$media" | field key)
say "   s3 head of $first:"
"$EP" s3 head edgeplane-distribution "$first" 2>/dev/null | grep -i -E 'content-type|cache-control' | sed 's/^/     /'

signed=$(curl -s -X POST -H "Authorization: Bearer $API_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"userId\":\"$user\",\"expiresInSeconds\":600}" "$MEDIA_URL/media/$media/signed-url" | sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p')
say "-> signed URL for the owner (canned policy, 10 min; local stack signs with an ephemeral key):"
say "     ${signed:0:150}..."
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $API_TOKEN" -H 'Content-Type: application/json' \
  -d '{"userId":"someone-else"}' "$MEDIA_URL/media/$media/signed-url")
say "   another user asking for it: HTTP $code (only owners get signed URLs)"

say "-> the same media id uploaded again with other content (a replacement)"
key2=$(upload "$work/photo2.jpg" image/jpeg) || exit 0
"$EP" publish io.edgeplane.media.image.uploaded.v1 "{\"mediaId\":\"$media\",\"ownerId\":\"$user\",\"bucket\":\"edgeplane-uploads\",\"key\":\"$key2\",\"contentType\":\"image/jpeg\",\"sizeBytes\":$(stat -c %s "$work/photo2.jpg"),\"uploadedAt\":\"$(date -u +%FT%TZ)\"}" >/dev/null
v2=$(wait_version "$media" "$v1")
if [ -n "$v2" ]; then
  say "   new version $v2 under new keys; the $v1 objects were deleted and FilesDistributed names their paths:"
  "$EP" events edgeplane.files.distributed 50 2>/dev/null | grep -o "\"changedPaths\":\[[^]]*$media/$v1[^]]*\]" | head -1 \
    | cut -c1-220 | sed 's/^/     /'
fi

video=demo-clip-$(date +%s)
if ff -hide_banner -loglevel error -f lavfi -i testsrc2=duration=6:size=640x360:rate=25 -f lavfi -i sine=duration=6 \
     -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest -y "$work/clip.mp4"; then
  say "-> a 6 s 640x360 video: VideoUploaded -> probe, poster, one CMAF ladder served as HLS and DASH (rungs above 360p are skipped: no upscaling)"
  vkey=$(upload "$work/clip.mp4" video/mp4) || exit 0
  "$EP" publish io.edgeplane.media.video.uploaded.v1 "{\"mediaId\":\"$video\",\"ownerId\":\"$user\",\"bucket\":\"edgeplane-uploads\",\"key\":\"$vkey\",\"contentType\":\"video/mp4\",\"sizeBytes\":$(stat -c %s "$work/clip.mp4"),\"uploadedAt\":\"$(date -u +%FT%TZ)\"}" >/dev/null
  if [ -n "$(wait_version "$video" "")" ]; then
    say "   MediaProcessed for $video:"
    outputs "$video"
    say "   manifests (one set of fMP4 segments behind both):"
    curl -s "$MEDIA_URL/media/$video" | tr '{' '\n' \
      | sed -n 's/.*"role":"\(hls-master\|dash-manifest\)".*"url":"\([^"]*\)".*/     \1: \2/p'
  else
    say "   no MediaProcessed for $video within 25 s"
  fi
fi
say "   (GET $MEDIA_URL/media/<id> shows any item; MediaProcessed/MediaFailed are on edgeplane.media.status)"
exit 0
