#!/usr/bin/env bash
# Installs what a target needs: `setup.sh test`, `setup.sh bench` or `setup.sh notebooks`.
#   Debian packages: as root, missing ones are installed with apt-get; otherwise they are named and this fails.
#   The .NET Jupyter kernel (the dotnet-interactive tool, pinned below) goes into .tools/ of this checkout,
#   with no root needed; analysis/notebooks/execute.sh points Jupyter at it.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-test}
DOTNET_INTERACTIVE_VERSION=1.0.712001
notebook_pkgs="jupyter-nbconvert"
case "$what" in
  test) pkgs="python3-numpy librsvg2-bin clang-14 g++ slurmctld slurmd slurm-client munge $notebook_pkgs" ;;
  bench) pkgs="python3-numpy librsvg2-bin clang-14 g++ slurmctld slurmd slurm-client munge libopenblas0-pthread python3-torch" ;;
  notebooks) pkgs="$notebook_pkgs" ;;
  *) echo "error: setup.sh: unknown target '$what'; allowed: test, bench, notebooks" >&2; exit 2 ;;
esac

if [ "$what" != bench ]; then
  tool=.tools/dotnet-interactive
  if [ ! -d "$tool/.store/microsoft.dotnet-interactive/$DOTNET_INTERACTIVE_VERSION" ]; then
    echo "installing the .NET Jupyter kernel: Microsoft.dotnet-interactive $DOTNET_INTERACTIVE_VERSION into $tool"
    rm -rf "$tool"
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet tool install --tool-path "$tool" Microsoft.dotnet-interactive \
      --version "$DOTNET_INTERACTIVE_VERSION" >/dev/null
  fi
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
