#!/usr/bin/env bash
# Loads a 1,000,002-row simulated cohort from Stata (.dta) and SPSS (.sav) files with
# `outcomes describe` (load + Table 1), pyreadstat (read_dta/read_sav) and R's haven
# (read_dta/read_sav), and prints wall time and peak memory (GNU time's maximum resident set).
# The files are written once by haven from the CSV that `outcomes simulate` makes.
#
#   Notebooks-Scripts/bench_statistical_files.sh     (after swift build -c release)
#   RUNS=3 WORK=/tmp/bench Notebooks-Scripts/bench_statistical_files.sh
#
# Needs: Rscript with haven; python3 with pyreadstat; GNU time.
set -euo pipefail
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/outcomes-statfiles-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B="$ROOT/.build/release/outcomes"
mkdir -p "$WORK"
CSV="$WORK/cohort.csv"
[ -f "$CSV" ] || "$B" simulate --patients 166667 --seed 11 --out "$CSV" >/dev/null 2>&1
if [ ! -f "$WORK/cohort.sav" ]; then
  Rscript -e "suppressPackageStartupMessages(library(haven)); d <- read.csv('$CSV', na.strings = c('', 'NA', '.'), stringsAsFactors = FALSE);
              for (n in names(d)) if (is.integer(d[[n]])) d[[n]] <- as.double(d[[n]]);
              write_dta(d, '$WORK/cohort.dta', version = 15); write_sav(d, '$WORK/cohort.sav')"
fi
measure() {  # label, command...: median wall seconds and max RSS MB over RUNS runs
  local label=$1; shift
  local walls=() peak=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>&1
    read -r wall rss < "$WORK/time.txt"
    walls+=("$wall"); [ "$rss" -gt "$peak" ] && peak=$rss
  done
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf '%-34s %8s %10d\n' "$label" "$median" $((peak / 1024))
}
echo "rows: $(($(wc -l < "$CSV") - 1)); runs: $RUNS; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %8s %10s\n' tool "wall (s)" "peak (MB)"
for ext in dta sav; do
  measure "outcomes describe .$ext" "$B" describe "$WORK/cohort.$ext"
  measure "pyreadstat.read_$ext" python3 -c "import pyreadstat; df, meta = pyreadstat.read_$ext('$WORK/cohort.$ext'); print(df.shape)"
  measure "haven::read_$ext" Rscript -e "suppressPackageStartupMessages(library(haven)); d <- read_$ext('$WORK/cohort.$ext'); print(dim(d))"
done
