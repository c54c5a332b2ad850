#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds LLMOps Console, starts the bundled local LLM endpoint and
# opens the console on it. The endpoint is registered as "local" in the default store and
# probed every few seconds; closing the console stops the endpoint.
# Usage: bash packaging/run-console.sh [--db PATH]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

bash packaging/install-deps.sh

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/llmops-ccache}
# Paths relative to the clone, so that another clone of the project reuses the cache.
export CCACHE_BASEDIR=$repo
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$(nproc)"

ctl=build/dev/app/llmopsctl/llmopsctl
console=build/dev/app/llmops-console/llmops-console
store_args=("$@")

# Start the endpoint on a free port and read the port from its first line.
log=$(mktemp)
node resources/local-endpoint/server.mjs --port 0 >"$log" 2>&1 &
endpoint_pid=$!
trap 'kill "$endpoint_pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    grep -q '^listening on ' "$log" && break
    kill -0 "$endpoint_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
done
url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log" | head -n 1)
[[ -n "$url" ]] || { echo "The local endpoint did not start:"; cat "$log"; exit 1; }
echo "Local endpoint: $url"

# Register it, or point the existing registration at this run's port.
"$ctl" "${store_args[@]}" endpoint set local --url "$url/v1" --model stories260K --interval 3 \
    --max-tokens 48 --env local --prompt "Once upon a time"

# The console receives OTLP traces on 127.0.0.1:4318; a demo agent trace is sent to it once
# it listens, so that the trace explorer has something to show (sent again, it is stored once).
"$console" "${store_args[@]}" &
console_pid=$!
node -e '
const body = require("fs").readFileSync(process.argv[1]);
const post = (left) => fetch("http://127.0.0.1:4318/v1/traces",
    {method: "POST", headers: {"Content-Type": "application/json"}, body})
  .then((answer) => console.log(`Demo trace sent to the console (HTTP ${answer.status})`))
  .catch(() => left > 0 ? setTimeout(() => post(left - 1), 500) : console.log("The console does not receive traces; demo trace not sent"));
post(20);' resources/demo-traces/trip-planner.otlp.json || true
wait "$console_pid"
