#!/usr/bin/env bash
# Debian packages Suara needs: ffmpeg/sox/espeak-ng for audio, PortAudio + PulseAudio for capture,
# Chromium for browser tests. Idempotent: skips apt when everything is already there.
set -euo pipefail
packages=(ffmpeg sox libsox-fmt-all espeak-ng libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# npm installs the pages' front-end assets (package.json); Debian's nodejs/npm when none is there.
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
