#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds LLMOps Console and runs the whole test suite.
# Usage: bash packaging/run-tests.sh [PRESET]   (dev by default; asan for the sanitizer build)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=${1:-dev}
cd "$repo"

bash packaging/install-deps.sh

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/llmops-ccache}
# Paths relative to the clone, so that another clone of the project reuses the cache.
export CCACHE_BASEDIR=$repo
cmake --preset "$preset"
cmake --build --preset "$preset" -j "$(nproc)"
QT_QPA_PLATFORM=offscreen ctest --preset "$preset" -j "$(nproc)"
