#!/usr/bin/env bash
# One-shot (docker compose service init-kafka): creates every Edgeplane topic on the compose broker, the same
# topics deploy/k8s/base/kafka/topics.yaml declares for Strimzi (one replica here), plus the internal topics
# services declare in local/topics.d/*.txt ("name [partitions] [compact]").
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
KT=/opt/kafka/bin/kafka-topics.sh
DAY=86400000

create_topic() { # name partitions retention-days|compact
  local name="$1" partitions="$2" keep="$3" config
  if [ "$keep" = compact ]; then config="cleanup.policy=compact"; else config="retention.ms=$((keep * DAY))"; fi
  "$KT" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" --partitions "$partitions" \
    --replication-factor 1 --config "$config" >/dev/null
  echo "topic $name ($partitions partitions, $config)"
}

create_topic edgeplane.data.fetched 6 7
create_topic edgeplane.files.distributed 12 7
create_topic edgeplane.deployments.completed 6 7
create_topic edgeplane.deployments.promoted 6 7
create_topic edgeplane.tenants.lifecycle 12 30
create_topic edgeplane.tenants.dns 12 7
create_topic edgeplane.media.images.uploaded 12 7
create_topic edgeplane.media.videos.uploaded 6 7
create_topic edgeplane.media.status 6 7
create_topic edgeplane.invalidations.status 6 7
for service in fetcher-service distributor-service invalidation-service dns-service media-service; do
  create_topic "edgeplane.dlq.$service" 3 30
done

shopt -s nullglob
for file in /edgeplane/topics.d/*.txt; do
  while read -r name partitions policy _; do
    case "$name" in ''|'#'*) continue ;; esac
    create_topic "$name" "${partitions:-3}" "$([ "${policy:-}" = compact ] && echo compact || echo 7)"
  done < "$file"
done
echo "init-kafka: done"
