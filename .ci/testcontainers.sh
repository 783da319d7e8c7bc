#!/usr/bin/env bash
# The Testcontainers example (examples/testcontainers.test.ts, through ccsim/testcontainers) against the
# image built from this checkout, with podman serving the Docker-compatible API Testcontainers talks to
# and Testcontainers' Ryuk container off (no image registry is reachable here). Run after
# container-smoke.sh, which installs podman and makes the base image.
set -euo pipefail
cd "$(dirname "$0")/.."
export CONTAINERS_CONF="${CONTAINERS_CONF:-$(cd .. && pwd)/shared/tools/container/containers.conf}"
image="localhost/ccsim-example:$$"
socket="/tmp/ccsim-podman-$$.sock"
podman build --format docker --pull=never -q -t "$image" . >/dev/null
podman system service --time=0 "unix://$socket" &
service=$!
cleanup() {
  kill "$service" 2>/dev/null || true
  podman rmi -f "$image" >/dev/null 2>&1 || true
  rm -f "$socket"
}
trap cleanup EXIT
for _ in $(seq 1 50); do [ -S "$socket" ] && break; sleep 0.2; done
DOCKER_HOST="unix://$socket" TESTCONTAINERS_RYUK_DISABLED=true CCSIM_IMAGE="$image" \
  node --conditions=ccsim-source --experimental-transform-types --disable-warning=ExperimentalWarning \
  --import ./test/helpers/ts-sources.mjs --test --test-reporter=spec examples/testcontainers.test.ts
echo "TESTCONTAINERS EXAMPLE OK"
