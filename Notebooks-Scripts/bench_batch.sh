#!/usr/bin/env bash
# Benchmark: the 17-analysis batch spec (Datasets/batch-example.yaml: 16 good analyses, one
# broken) on a 1,000,000-row simulated cohort, with --jobs 1 and --jobs 2. Prints wall times.
#   Notebooks-Scripts/bench_batch.sh [PATIENTS]   (default 166667 patients ≈ 1,000,002 rows)
set -euo pipefail
cd "$(dirname "$0")/.."
patients=${1:-166667}
work=${BENCH_DIR:-/tmp/outcomes-bench-batch}
mkdir -p "$work"
swift build -c release --product outcomes >/dev/null
bin=.build/release/outcomes
if [ ! -s "$work/cohort-$patients.csv" ]; then
  $bin simulate --patients "$patients" --seed 20261125 --out "$work/cohort-$patients.csv"
fi
sed "s|data: example_cohort.csv|data: $work/cohort-$patients.csv|" Datasets/batch-example.yaml > "$work/batch.yaml"
rows=$(($(wc -l < "$work/cohort-$patients.csv") - 1))
echo "cohort: $rows rows; machine: $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for jobs in 1 2; do
  rm -rf "$work/out-$jobs"
  start=$(date +%s.%N)
  $bin run "$work/batch.yaml" --out "$work/out-$jobs" --jobs "$jobs" --quiet || true   # exit 1: the broken analysis
  end=$(date +%s.%N)
  printf 'outcomes run, 17 analyses (16 ok + 1 broken), --jobs %s: %.2f s wall\n' "$jobs" "$(echo "$end - $start" | bc)"
done
if diff -rq "$work/out-1" "$work/out-2" >/dev/null; then echo "outputs of --jobs 1 and --jobs 2 are byte-identical"; else echo "WARNING: outputs differ"; fi
du -sh "$work/out-2" | sed 's/^/report size: /'
