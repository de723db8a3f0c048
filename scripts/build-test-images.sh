#!/usr/bin/env bash
# Builds the image the live tests run on (portcullis-testhost:latest) from docker/testhost,
# FROM the base image (see build-base-image.sh). The image carries a label with a hash of the
# build context and the base image id, so it is rebuilt only when one of them changed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${PORTCULLIS_BASE_IMAGE:-portcullis-base:bookworm}
IMAGE=${PORTCULLIS_TESTHOST_IMAGE:-portcullis-testhost:latest}
CONTEXT="$root/docker/testhost"
LABEL=dev.portcullis.source-hash

log() { echo "[build-test-images] $*" >&2; }

"$root/scripts/build-base-image.sh"

base_id=$(docker image inspect --format '{{.Id}}' "$BASE")
hash=$( { (cd "$CONTEXT" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); echo "$base_id"; } \
  | sha256sum | cut -c1-64)
current=$(docker image inspect --format "{{index .Config.Labels \"$LABEL\"}}" "$IMAGE" 2>/dev/null || true)
if [[ $current == "$hash" ]]; then
  log "$IMAGE is up to date"
  exit 0
fi

log "building $IMAGE from $BASE"
docker build -q --build-arg "BASE=$BASE" --label "$LABEL=$hash" -t "$IMAGE" "$CONTEXT" >/dev/null
# The previous build is now untagged; drop it unless a container still uses it.
docker image prune -f --filter "label=$LABEL" >/dev/null || true
log "$IMAGE built"
