#!/usr/bin/env bash
# Installs the Debian packages whose programs the tests use to read generated files: nginx
# (`nginx -t`), Lua 5.4 (Prosody's Lua syntax), a JDK and Maven (Typesafe Config for HOCON) and
# Prometheus (`promtool`, and a real scrape of the operator). Installs only what is missing, so a
# machine that has them needs neither root nor the network.
set -euo pipefail

declare -A package_of=(
  [nginx]=nginx-light [lua5.4]=lua5.4 [javac]=openjdk-17-jdk-headless [mvn]=maven
  [prometheus]=prometheus [promtool]=prometheus
)
missing=()
for tool in "${!package_of[@]}"; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || missing+=("${package_of[$tool]}")
done
((${#missing[@]} == 0)) && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || {
    echo "error: missing packages ${missing[*]}; install them as root (apt-get install)" >&2
    exit 1
  }
  sudo=(sudo)
fi
echo "==> installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
