#!/usr/bin/env bash
# Loads the same 1,000,000-row simulated cohort (about 63 MB) with `outcomes describe` (load +
# Table 1), polars.read_csv, pandas.read_csv and data.table::fread, in one run, and prints
# wall time, peak memory (maximum resident set size from /usr/bin/time -v) and the ratios of
# each peer to `outcomes describe`. A second table reads one column of the 14 (`pain_nrs`):
# `outcomes fit 'pain_nrs ~ 1'` loads only the columns its model reads (the other cells are
# tokenized and checked as CSV, not parsed or stored), against the peers' own column
# selection (polars columns=, pandas usecols=, fread select=). Peers are timed as a user runs them: interpreter start
# included. Each tool runs RUNS times (default 3); the median wall time and the largest peak
# memory are reported.
#
#   Notebooks-Scripts/bench_load.sh            # builds outcomes in release first
#   RUNS=5 Notebooks-Scripts/bench_load.sh
#
# Needs: swift; python3 with polars and pandas; R with data.table; GNU time (installed with
# apt-get when missing and running as root). Timings on a shared machine are pessimistic:
# the script prints the load average next to them.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${RUNS:-3}"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/massage-outcomes-bench}"
mkdir -p "$WORK"

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null
  else
    echo "GNU time is missing: sudo apt-get install time" >&2; exit 1
  fi
fi

cd "$ROOT"
swift build -c release --product outcomes >&2
BIN="$ROOT/.build/release/outcomes"
DATA="$WORK/cohort-1m.csv"
if [ ! -s "$DATA" ]; then
  "$BIN" simulate --patients 166667 --seed 4 --out "$DATA" >&2
fi
ROWS=$(($(wc -l < "$DATA") - 1))
SIZE=$(du -m "$DATA" | cut -f1)

# run NAME COMMAND...: RUNS runs; prints "median_seconds max_kb".
measure() {
  local times=() peak=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || {
      echo "failed: $*" >&2; cat "$WORK/stderr.txt" >&2; exit 1; }
    local wall kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$WORK/time.txt")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    times+=("$wall")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $peak"
}

echo "file: $DATA ($ROWS rows, ${SIZE} MB); $RUNS runs each; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r OT OM < <(measure "$BIN" describe "$DATA")
read -r PT PM < <(measure python3 -c "import sys, polars as pl; pl.read_csv(sys.argv[1])" "$DATA")
read -r PDT PDM < <(measure python3 -c "import sys, pandas as pd; pd.read_csv(sys.argv[1])" "$DATA")
read -r FT FM < <(measure Rscript -e "invisible(data.table::fread(commandArgs(TRUE)[1]))" "$DATA")

printf '\n%-28s %10s %12s %14s %14s\n' "tool" "wall (s)" "peak (MB)" "time / ours" "memory / ours"
row() { awk -v n="$1" -v t="$2" -v m="$3" -v ot="$OT" -v om="$OM" \
  'BEGIN { printf "%-28s %10.2f %12.0f %14.2f %14.2f\n", n, t, m/1024, t/ot, m/om }'; }
row "outcomes describe" "$OT" "$OM"
row "polars.read_csv" "$PT" "$PM"
row "pandas.read_csv" "$PDT" "$PDM"
row "data.table::fread" "$FT" "$FM"

read -r OT1 OM1 < <(measure "$BIN" fit "pain_nrs ~ 1" "$DATA")
read -r PT1 PM1 < <(measure python3 -c "import sys, polars as pl; pl.read_csv(sys.argv[1], columns=['pain_nrs'])" "$DATA")
read -r PDT1 PDM1 < <(measure python3 -c "import sys, pandas as pd; pd.read_csv(sys.argv[1], usecols=['pain_nrs'])" "$DATA")
read -r FT1 FM1 < <(measure Rscript -e "invisible(data.table::fread(commandArgs(TRUE)[1], select = 'pain_nrs'))" "$DATA")
printf '\none column (pain_nrs) of 14\n%-28s %10s %12s %14s %14s\n' "tool" "wall (s)" "peak (MB)" "time / ours" "memory / ours"
OT=$OT1 OM=$OM1
row "outcomes fit 'pain_nrs ~ 1'" "$OT1" "$OM1"
row "polars.read_csv columns=" "$PT1" "$PM1"
row "pandas.read_csv usecols=" "$PDT1" "$PDM1"
row "data.table::fread select=" "$FT1" "$FM1"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
