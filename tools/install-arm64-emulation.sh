#!/usr/bin/env bash
# Installs what running the suite's linux-arm64 build under qemu user-mode emulation needs on a Debian x64 machine
# (the CI stage .ci/arm64-emulated): qemu-aarch64-static and Debian's arm64 libraries that a self-contained .NET app
# loads (libc, libstdc++, ICU, OpenSSL for https, fontconfig for chart text, zlib). Run as root (sudo).
# The lab's own tools (ip, tc, wget, ...) stay the machine's x64 ones: tools/install.sh installs them.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo "$0" "$@"
  fi
  echo "tools/install-arm64-emulation.sh must run as root: run it as root (su -c $0)." >&2
  exit 1
fi

arm64=(libc6:arm64 libstdc++6:arm64 libicu72:arm64 libssl3:arm64 libfontconfig1:arm64 zlib1g:arm64)
export DEBIAN_FRONTEND=noninteractive
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
fi
apt-get update -q
apt-get install -y -q --no-install-recommends qemu-user-static "${arm64[@]}"
echo "arm64 emulation installed: qemu-user-static ${arm64[*]}"
