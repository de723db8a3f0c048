#!/usr/bin/env bash
# Creates the base image the test host image builds FROM (default portcullis-base:bookworm):
# Debian 12. Where Docker Hub answers, that is debian:bookworm-slim re-tagged; where it does
# not (CI, air-gapped machines), a minimal root file system made with debootstrap from a Debian
# mirror and imported. Does nothing when the image exists, unless --force is given.
set -euo pipefail

IMAGE=${PORTCULLIS_BASE_IMAGE:-portcullis-base:bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm

log() { echo "[build-base-image] $*" >&2; }

if [[ ${1:-} != --force ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE exists"
  exit 0
fi

if timeout 120 docker pull -q "debian:$SUITE-slim" >/dev/null 2>&1; then
  docker tag "debian:$SUITE-slim" "$IMAGE"
  log "$IMAGE is debian:$SUITE-slim from Docker Hub"
  exit 0
fi

log "Docker Hub unreachable: building $IMAGE with debootstrap from $MIRROR"
if ! command -v debootstrap >/dev/null; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap
fi
work=$(mktemp -d /var/tmp/portcullis-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
debootstrap --variant=minbase "$SUITE" "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}
# The image needs no package cache; apt-get update runs in the Dockerfile anyway.
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
tar -C "$work/rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' \
  - "$IMAGE" >/dev/null
log "$IMAGE imported"
