#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what building, running and testing LLMOps Console needs on Debian 12: the
# Debian packages, and the npm packages of the bundled local LLM endpoint. Safe to run
# again: it installs only what is missing.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(
    g++ cmake ninja-build ccache pkg-config git
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libgl-dev libxkbcommon-dev
    libsqlite3-dev libcurl4-openssl-dev nlohmann-json3-dev libbenchmark-dev
    libprotobuf-dev protobuf-compiler libcpp-httplib-dev zlib1g-dev libsimdjson-dev libdtl-dev libcsv-dev libvalijson-dev json-schema-test-suite python3-junitparser
    xvfb xauth desktop-file-utils appstream
)
# Node.js runs the local endpoint; Debian's own is used only when none is installed.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
    echo "Installing Debian packages: ${missing[*]}"
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The endpoint's packages are pinned by its lockfile; reinstall only when they differ from it.
endpoint="$repo/resources/local-endpoint"
installed=$(node -p "require('$endpoint/node_modules/node-llama-cpp/package.json').version" 2>/dev/null || true)
wanted=$(node -p "require('$endpoint/package.json').dependencies['node-llama-cpp']")
if [[ "$installed" != "$wanted" ]]; then
    echo "Installing the local endpoint's npm packages (node-llama-cpp $wanted)"
    (cd "$endpoint" && npm ci --omit=optional --no-audit --no-fund --loglevel=error)
fi

# The OpenTelemetry JS SDK, the real client of the trace receiver's tests, pinned the same way.
client="$repo/tests/otel-client"
if ! (cd "$client" && npm ls --omit=dev >/dev/null 2>&1); then
    echo "Installing the OpenTelemetry test client's npm packages"
    (cd "$client" && npm ci --no-audit --no-fund --loglevel=error)
fi

# prom-client, the real Prometheus exposition of the scrape tests, pinned the same way.
exporter="$repo/tests/prom-exporter"
if ! (cd "$exporter" && npm ls --omit=dev >/dev/null 2>&1); then
    echo "Installing the Prometheus test exporter's npm packages"
    (cd "$exporter" && npm ci --no-audit --no-fund --loglevel=error)
fi
