#!/usr/bin/env bash
# Installs the Debian packages a target needs: `setup.sh test` or `setup.sh bench`.
# As root, missing packages are installed with apt-get; otherwise they are named and this fails.
set -euo pipefail
what=${1:-test}
pkgs="python3-numpy librsvg2-bin clang-14 g++ slurmctld slurmd slurm-client munge"
if [ "$what" = bench ]; then
  pkgs="$pkgs libopenblas0-pthread python3-torch"
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "error: missing Debian packages:$missing" >&2
  echo "hint: run as root (make $what installs them) or: sudo apt-get install --no-install-recommends$missing" >&2
  exit 2
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
