#!/usr/bin/env bash
# Side-by-side benchmark of the random-slope mixed model, end to end (load + fit + summary):
#   outcomes fit (release build)  vs  R: data.table::fread + lme4::lmer + lmerTest summary.
# Cohorts: 10,000 patients (60,000 rows) and 166,667 patients (1,000,002 rows) from
# `outcomes simulate`. R uses lme4's defaults (as an analyst would) and, in a second column, the
# tight settings of the reference script (bobyqa, rhoend = 1e-12).
# Run from the repository root after `swift build -c release`:
#   Notebooks-Scripts/benchmark_mixed.sh [WORKDIR]
set -euo pipefail
B=.build/release/outcomes
W=${1:-/tmp/outcomes-mixed-bench}
mkdir -p "$W"
FORMULA='pain_nrs ~ week * cohort + sessions_per_week + technique + (1 + week | patient_id)'
for P in 10000 166667; do
  [ -f "$W/cohort_$P.csv" ] || "$B" simulate --patients "$P" --seed 2026 --out "$W/cohort_$P.csv" 2>/dev/null
done
cat > "$W/lmer_bench.R" <<'REOF'
suppressMessages({ library(data.table); library(lme4); library(lmerTest) })
args <- commandArgs(trailingOnly = TRUE)
d <- fread(args[1])
ctrl <- if (args[2] == "tight") lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12)) else lmerControl()
m <- lmer(pain_nrs ~ week * cohort + sessions_per_week + technique + (1 + week | patient_id), data = d, control = ctrl)
s <- summary(m)
cat(sprintf("REML %.10f\n", REMLcrit(m)))
REOF
echo "machine load: $(uptime)"
printf "%-10s %-28s %10s\n" rows tool seconds
for P in 10000 166667; do
  F="$W/cohort_$P.csv"
  ROWS=$(( $(wc -l < "$F") - 1 ))
  for RUN in 1 2 3; do
    S=$(date +%s.%N); "$B" fit "$FORMULA" "$F" > "$W/ours_$P.txt"; E=$(date +%s.%N)
    printf "%-10s %-28s %10.3f\n" "$ROWS" "outcomes fit (run $RUN)" "$(echo "$E - $S" | bc)"
  done
  for MODE in default tight; do
    S=$(date +%s.%N); Rscript "$W/lmer_bench.R" "$F" "$MODE" > "$W/r_${MODE}_$P.txt" 2>/dev/null; E=$(date +%s.%N)
    printf "%-10s %-28s %10.3f\n" "$ROWS" "R fread+lmer+summary ($MODE)" "$(echo "$E - $S" | bc)"
  done
  OURS=$("$B" fit "$FORMULA" "$F" --format json | python3 -c 'import json,sys; print("%.10f" % json.load(sys.stdin)["statistics"]["reml_criterion"])')
  echo "  REML criterion: ours $OURS; R default $(cat "$W/r_default_$P.txt"); R tight $(cat "$W/r_tight_$P.txt")"
done
