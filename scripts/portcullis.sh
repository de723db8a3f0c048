#!/usr/bin/env bash
# The portcullis command line, built from this checkout on first use (and again whenever a
# source file is newer than the jar), then run with the arguments given:
#
#   scripts/portcullis.sh plan   --spec examples/specs/smtp-gateway.yaml   # no root, no live system
#   sudo scripts/portcullis.sh apply  --spec examples/specs/mail-server.yaml
#   scripts/portcullis.sh --help                                            # commands and exit codes
#
# Needs Java 17+ and Maven (Maven Central reachable for the first build). The build output goes
# to <module>/target (PORTCULLIS_TARGET=dir chooses another folder name). Exit codes are the
# command line's own (see --help); 70 when the command line cannot be built or started.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${PORTCULLIS_TARGET:-target}
jar="$root/examples/$target/portcullis.jar"

say() { echo "[portcullis.sh] $*" >&2; }

if ! command -v java >/dev/null 2>&1; then
  say "Java 17 or later is needed (Debian/Ubuntu: apt-get install default-jdk-headless)"
  exit 70
fi

stale() {
  [[ ! -f $jar ]] && return 0
  local newer
  newer=$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main -newer "$jar" -type f -print -quit 2>/dev/null || true)
  [[ -n $newer ]]
}

if stale; then
  if ! command -v mvn >/dev/null 2>&1; then
    say "Maven is needed to build the command line (Debian/Ubuntu: apt-get install maven)"
    exit 70
  fi
  say "building the command line (the first build downloads dependencies and takes a few minutes)..."
  log=$(mktemp)
  if ! (cd "$root" && mvn -B -q -Dportcullis.target="$target" -DskipTests -DskipLiveTests -Dmaven.javadoc.skip=true \
          -pl examples -am package) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    rm -f "$log"
    say "the build failed (output above)"
    exit 70
  fi
  rm -f "$log"
fi

exec java -jar "$jar" "$@"
