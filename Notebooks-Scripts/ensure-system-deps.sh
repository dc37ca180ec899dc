#!/usr/bin/env bash
# Makes sure ReadStat (SPSS/Stata/SAS files) and, for the tests' reference, OpenBLAS (CBLAS) and
# LAPACKE headers and libraries are installed.
# As root, installs them with apt-get; otherwise prints the exact command and stops.
set -euo pipefail
packages=(libreadstat-dev libopenblas-dev liblapacke-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "installing ${missing[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q "${missing[@]}" >&2
else
  echo "error: missing system packages: ${missing[*]}" >&2
  echo "run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
