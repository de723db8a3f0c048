#!/usr/bin/env bash
# The project's test command. Prepares a fresh Debian/Ubuntu machine for the live tests and
# runs the whole build: unit tests, then the live *IT tests against real Linux hosts in
# containers. Extra arguments go to Maven, e.g.  scripts/test.sh -pl linux-firewalld -am
#
#   1. installs docker.io, debootstrap (and Maven/JDK) when missing
#   2. starts dockerd when no engine answers
#   3. builds the base and test host images when absent or outdated
#   4. runs  mvn -B verify  (without Testcontainers' Ryuk reaper where Docker Hub is unreachable)
set -euo pipefail

export LC_ALL=C.UTF-8 LANG=C.UTF-8
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

log() { echo "[test.sh +${SECONDS}s] $*" >&2; }
dockerd_log=${DOCKERD_LOG:-/var/log/dockerd.log}

sudo_if_needed() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# 1. Packages
missing=()
docker info >/dev/null 2>&1 || command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v javac >/dev/null || missing+=(default-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v ansible-playbook >/dev/null || missing+=(ansible)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  sudo_if_needed apt-get update -q
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# 2. Docker engine
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd (log: $dockerd_log)"
  sudo_if_needed sh -c 'nohup setsid dockerd >"$1" 2>&1 </dev/null &' sh "$dockerd_log"
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    tail -n 30 "$dockerd_log" >&2 || true
    log "dockerd did not come up"
    exit 1
  fi
fi

# 3. Images
"$root/scripts/build-test-images.sh"

# 4. Build. Testcontainers' reaper (Ryuk) is an image from Docker Hub; where the engine cannot
# get it, the tests run without it (the fixture removes its own containers).
mvn_args=()
ryuk=testcontainers/ryuk:0.14.0  # the one Testcontainers 2.0.5 uses; see DockerPreflight.RYUK_IMAGE
if ! docker image inspect "$ryuk" >/dev/null 2>&1 && ! timeout 60 docker pull -q "$ryuk" >/dev/null 2>&1; then
  log "Docker Hub unreachable: live tests run without Ryuk (-Dportcullis.noDockerHub=true)"
  mvn_args+=(-Dportcullis.noDockerHub=true)
fi

log "mvn -B ${mvn_args[*]} verify $*"
exec mvn -B "${mvn_args[@]}" verify "$@"
