#!/usr/bin/env bash
# Records the golden outputs that GoldenOutputTests (tests/BabyLm.Cli.Tests) holds every later build to,
# bit for bit: metrics.jsonl without its two timing fields and probes.jsonl of the six short runs in
# configs/, and the item scores of `babylm eval` (causal sum, masked PLL, within_word_l2r).
#
#   bash tests/Data/golden/record.sh cli/bin/Release/net10.0/babylm.dll
#
# Recorded once, on main before the engine-seam refactor (commit named in expected/RECORDED), and not
# again unless a change is meant to alter the numbers: say so in the commit that re-records.
set -euo pipefail
dll=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/corpus" "$here/probes" "$here/configs" "$work/"
# Probe paths in a config are relative to the working folder, not the config: make them absolute.
sed -i "s#blimp:../probes#blimp:$work/probes#" "$work"/configs/*.yaml
out="$here/expected"
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
for cfg in "$work"/configs/*.yaml; do
  name=$(basename "$cfg" .yaml)
  dotnet "$dll" train "$cfg" --out "$work/runs/$name" > /dev/null
  mkdir -p "$out.tmp/$name"
  sed -E 's/,"tokens_per_s":[^,}]*,"elapsed_s":[^,}]*//' "$work/runs/$name/metrics.jsonl" > "$out.tmp/$name/metrics.jsonl"
  cp "$work/runs/$name/probes.jsonl" "$out.tmp/$name/probes.jsonl"
done
dotnet "$dll" eval "$work/runs/gpt-clm" --probes "blimp:$work/probes" --scores "$out.tmp/eval-clm.items.jsonl" > /dev/null
dotnet "$dll" eval "$work/runs/llama-mlm" --probes "blimp:$work/probes" --pll original --scores "$out.tmp/eval-pll.items.jsonl" > /dev/null
dotnet "$dll" eval "$work/runs/bert-mlm" --probes "blimp:$work/probes" --pll l2r --scores "$out.tmp/eval-l2r.items.jsonl" > /dev/null
{
  echo "commit: $(git -C "$here" rev-parse HEAD)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
  echo "isa: $(grep -o -m1 -w avx512f /proc/cpuinfo || echo no-avx512)"
  echo "threads: 2 (every config)"
} > "$out.tmp/RECORDED"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "recorded $(find "$out" -type f | wc -l) files in $out"
# old-checkpoint/ is not re-recorded here: it holds a checkpoint written by the code of commit d79ac8e
# (before the engine refactor), trained with old-checkpoint/config-it-was-trained-with.yaml on corpus/,
# and the item scores that code's `babylm eval` gave for it on probes/. It stays as written.
