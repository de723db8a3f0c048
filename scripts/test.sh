#!/usr/bin/env bash
# The project's test command. Prepares a fresh Debian/Ubuntu machine for the live tests and
# runs the whole build: unit tests, then the live *IT tests against real Linux hosts in
# containers.
#
#   1. installs docker.io, debootstrap (and Maven/JDK) when missing
#   2. starts dockerd when no engine answers
#   3. builds the base and test host images when absent or outdated — in the background, while
#   4. mvn install -DskipLiveTests  compiles every module and runs every unit test
#   5. runs the live tests, one Maven per group of modules, the groups side by side: each
#      module's live tests resolve its siblings from step 4's jars, so no group waits for
#      another (a live test mostly waits on containers and the network, not on the CPU).
#      A group's output is prefixed with its name; the run fails when any group fails.
#
# With arguments, runs one plain  mvn -B verify ARGS  instead of steps 4-5, e.g.
#   scripts/test.sh -pl linux-firewalld -am
# (Testcontainers' Ryuk reaper is left out where Docker Hub is unreachable.)
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

# 3. Images, built while step 4 compiles and runs the unit tests (which need no Docker).
images_log=$(mktemp)
"$root/scripts/build-test-images.sh" >"$images_log" 2>&1 &
images_pid=$!
wait_for_images() {
  local rc=0
  wait "$images_pid" || rc=$?
  cat "$images_log" >&2
  if ((rc)); then
    log "building the test images failed"
    exit "$rc"
  fi
}

# Testcontainers' reaper (Ryuk) is an image from Docker Hub; where the engine cannot get it,
# the tests run without it (the fixture removes its own containers).
mvn_args=()
ryuk=testcontainers/ryuk:0.14.0  # the one Testcontainers 2.0.5 uses; see DockerPreflight.RYUK_IMAGE
if ! docker image inspect "$ryuk" >/dev/null 2>&1 && ! timeout 60 docker pull -q "$ryuk" >/dev/null 2>&1; then
  log "Docker Hub unreachable: live tests run without Ryuk (-Dportcullis.noDockerHub=true)"
  mvn_args+=(-Dportcullis.noDockerHub=true)
fi

if (($#)); then
  wait_for_images
  log "mvn -B ${mvn_args[*]} verify $*"
  exec mvn -B "${mvn_args[@]}" verify "$@"
fi

# 4. Every module compiled, unit-tested and installed for step 5.
log "mvn -B install -DskipLiveTests (unit tests)"
mvn -B "${mvn_args[@]}" install -DskipLiveTests
wait_for_images

# 5. Live tests, groups side by side. Heaviest first; the small ones share one Maven.
groups=(examples linux-iptables postfix linux-firewalld,ssh,test-support,mail-events)
group_logs=$(mktemp -d)
pids=()
for g in "${groups[@]}"; do
  log "live tests of $g"
  ( set -o pipefail
    mvn -B -o "${mvn_args[@]}" -pl "$g" verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
      | sed -u "s/^/[${g%%,*}] /" | tee "$group_logs/${g%%,*}.log" ) &
  pids+=($!)
done
failed=()
for i in "${!groups[@]}"; do
  if wait "${pids[$i]}"; then
    log "live tests of ${groups[$i]} passed"
  else
    failed+=("${groups[$i]}")
  fi
done
if ((${#failed[@]})); then
  # The groups' output is interleaved and long: repeat what failed, and why, at the very end.
  for g in "${failed[@]}"; do
    log "what failed in $g:"
    grep -E '<<< (FAILURE|ERROR)!|Tests run:.*(Failures: [1-9]|Errors: [1-9])|\[ERROR\] (Failures|Errors|  )|expected|Exception' \
      "$group_logs/${g%%,*}.log" | head -n 80 >&2 || true
  done
  log "live tests FAILED in: ${failed[*]}"
  exit 1
fi
log "all unit and live tests passed"
