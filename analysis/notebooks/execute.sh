#!/usr/bin/env bash
# Executes notebooks headless on the .NET (C#) kernel: Jupyter's nbconvert (Debian's jupyter-nbconvert)
# with the dotnet-interactive kernel that .ci/setup.sh installs into .tools/. Each executed notebook,
# outputs included, is written to OUT_DIR; a cell that fails fails the run (non-zero exit).
#
#   analysis/notebooks/execute.sh OUT_DIR NOTEBOOK.ipynb...
#   analysis/notebooks/execute.sh --install-kernel    # the same kernel spec into your own Jupyter (make jupyter-kernel)
#
# What the notebooks read comes from the environment (each notebook's parameters cell has defaults):
#   BABYLM_SWEEP (a sweep folder), BABYLM_BY, BABYLM_BASELINE, BABYLM_SUITE, BABYLM_BENCH (a bench --json file).
# Used by `make notebooks` and by the notebook tests (tests/BabyLm.Analysis.Tests/NotebookTests.cs).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ $# -lt 2 ] && [ "${1:-}" != --install-kernel ]; then
  echo "usage: $0 OUT_DIR NOTEBOOK.ipynb... | $0 --install-kernel" >&2
  exit 2
fi

kernel="$root/.tools/dotnet-interactive/dotnet-interactive"
if [ ! -x "$kernel" ]; then
  echo "error: the .NET Jupyter kernel is not installed ($kernel)" >&2
  echo "hint: bash .ci/setup.sh notebooks installs it (no root needed)" >&2
  exit 2
fi

# The kernel spec, named as `dotnet interactive jupyter install` names it (.net-csharp, the name the
# notebooks' metadata asks for), but pointing at this checkout's kernel.
write_spec() {
  mkdir -p "$1"
  cat > "$1/kernel.json.tmp" <<JSON
{
  "argv": ["$kernel", "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-local-only"],
  "display_name": ".NET (C#)",
  "language": "C#",
  "metadata": {"vscode": {"extension_id": "ms-dotnettools.dotnet-interactive-vscode", "kernel_id": "dotnet-interactive"}}
}
JSON
  mv "$1/kernel.json.tmp" "$1/kernel.json"
}

if [ "$1" = --install-kernel ]; then
  data=$(jupyter --data-dir 2>/dev/null) || { echo "error: jupyter is not installed" >&2; echo "hint: apt-get install jupyter-notebook (or pip install notebook)" >&2; exit 2; }
  write_spec "$data/kernels/.net-csharp"
  echo "installed the .NET (C#) kernel spec in $data/kernels/.net-csharp (it runs $kernel)"
  exit 0
fi
out=$1; shift

if ! command -v jupyter-nbconvert >/dev/null; then
  echo "error: jupyter-nbconvert is not installed" >&2
  echo "hint: make setup (as root) installs it: apt-get install --no-install-recommends jupyter-nbconvert" >&2
  exit 2
fi
if [ ! -f "$root/analysis/bin/Release/net10.0/BabyLm.Analysis.dll" ]; then
  echo "error: the notebooks reference analysis/bin/Release/net10.0/BabyLm.Analysis.dll, which is not built" >&2
  echo "hint: make build" >&2
  exit 2
fi

# Only Jupyter processes started from here see this checkout's kernel spec.
write_spec "$root/.tools/jupyter/kernels/.net-csharp"

export JUPYTER_PATH="$root/.tools/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
runtime=$(mktemp -d)
trap 'rm -rf "$runtime"' EXIT
export JUPYTER_RUNTIME_DIR="$runtime"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$out"
for nb in "$@"; do
  echo "== $nb"
  # Every cell runs (--allow-errors), so the executed notebook shows each failure with its compiler
  # messages or exception; then any error output fails the run. The kernel's start-up log stays in
  # the log file unless nbconvert itself fails.
  log="$runtime/$(basename "$nb").log"
  if ! jupyter-nbconvert --to notebook --execute --allow-errors --ExecutePreprocessor.kernel_name=.net-csharp \
      --ExecutePreprocessor.timeout=900 --ExecutePreprocessor.startup_timeout=180 \
      --output-dir "$out" "$nb" >"$log" 2>&1; then
    grep -v -E '^(info: Microsoft\.Hosting|      )' "$log" | tail -40 >&2
    echo "error: nbconvert could not execute $nb (above: its log)" >&2
    exit 1
  fi
  executed="$out/$(basename "$nb")"
  if ! /usr/bin/python3 - "$executed" <<'PY'
import json, sys
cells = json.load(open(sys.argv[1], encoding="utf-8"))["cells"]
failed = [(i, c) for i, c in enumerate(cells) if c["cell_type"] == "code" and any(o["output_type"] == "error" for o in c.get("outputs", []))]
for i, c in failed[:3]:
    print(f"--- cell {i + 1} failed:", file=sys.stderr)
    print("".join(c["source"]), file=sys.stderr)
    for o in c["outputs"]:
        if o["output_type"] == "stream":
            print("".join(o["text"]).strip(), file=sys.stderr)
        elif o["output_type"] == "error":
            print(o["ename"] + ": " + o["evalue"], file=sys.stderr)
sys.exit(1 if failed else 0)
PY
  then
    echo "error: $nb: a cell failed (above; the executed notebook is $executed)" >&2
    exit 1
  fi
  echo "   wrote $executed"
done
