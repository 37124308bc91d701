#!/bin/sh
# Bootstraps a fresh machine that has only Node >= 20 (and apt, for --browser),
# then runs the command it is given with the pinned pnpm on PATH.
#
#   sh scripts/with-pnpm.sh [--browser] <command...>
#
# - pnpm: the version in package.json "packageManager", installed into ./.tools with npm
#   when the pnpm on PATH is missing or another version (corepack's signature check
#   fails on some registries, so we do not rely on it).
# - dependencies: `pnpm install --frozen-lockfile`.
# - --browser: Debian's chromium and libvulkan1 (apt-get, needs root or sudo) for the
#   e2e tests and WebGPU in Node.
set -eu
cd "$(dirname "$0")/.."

want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  if [ ! -x .tools/node_modules/.bin/pnpm ] || [ "$(.tools/node_modules/.bin/pnpm --version)" != "$want" ]; then
    echo "overparam: installing pnpm@$want into .tools/"
    npm install --silent --no-save --prefix .tools "pnpm@$want" >/dev/null
  fi
  PATH="$PWD/.tools/node_modules/.bin:$PATH"
  export PATH
fi

if [ "${1:-}" = "--browser" ]; then
  shift
  # Debian's chromium for the e2e test; libvulkan1 is the Vulkan loader that Dawn (WebGPU in
  # Node) needs to reach the SwiftShader driver chromium ships.
  missing=""
  if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then missing="chromium"; fi
  if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 '; then missing="$missing libvulkan1"; fi
  if [ -n "$missing" ]; then
    echo "overparam: installing Debian packages:$missing (apt-get)"
    SUDO=""
    [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
fi

pnpm install --frozen-lockfile --prefer-offline
exec "$@"
