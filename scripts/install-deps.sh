#!/usr/bin/env bash
# Installs every Debian package Gazette needs to build, test and benchmark. Idempotent: a quick no-op
# when everything is present. Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache mold
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libmd4c-dev libmd4c-html0-dev libkainjow-mustache-dev libsodium-dev libcli11-dev
  libspdlog-dev libfmt-dev libtomlplusplus-dev zlib1g-dev libgtest-dev tzdata
  libpugixml-dev libgumbo-dev libssl-dev ca-certificates
  curl wrk nginx chromium fonts-dejavu-core fonts-liberation libxml2-utils jing python3-jsonschema nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

# nodejs/npm may already be present from outside Debian (e.g. a preinstalled Node); don't fight it.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do
    case "$p" in nodejs|npm) ;; *) filtered+=("$p") ;; esac
  done
  missing=("${filtered[@]}")
  [ ${#missing[@]} -eq 0 ] && exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
