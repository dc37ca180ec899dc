#!/usr/bin/env bash
# Benchmark: a type II ANOVA table plus marginal means of technique within cohort with Tukey
# contrasts on a large simulated cohort, end to end (read CSV, fit, ANOVA, emmeans, JSON),
# side by side with R (data.table::fread + lm + car::Anova + emmeans).
#   bash Notebooks-Scripts/benchmark_inference.sh [PATIENTS]    # default 166667 (≈ 1,000,000 rows)
# Needs a release build (swift build -c release), R with data.table, car and emmeans, hyperfine.
set -euo pipefail
patients=${1:-166667}
bin=.build/release/outcomes
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" simulate --patients "$patients" --seed 11 --out "$tmp/cohort.csv" > /dev/null
rows=$(($(wc -l < "$tmp/cohort.csv") - 1))
formula="pain_nrs ~ technique * cohort + week"
cat > "$tmp/r.R" <<RSCRIPT
suppressPackageStartupMessages({ library(data.table); library(car); library(emmeans) })
emm_options(rg.limit = 1e6)
d <- fread("$tmp/cohort.csv", na.strings = c("", "NA", "."))
d[, technique := relevel(factor(technique), ref = "usual_care")]
d[, cohort := factor(cohort)]
fit <- lm($formula, data = d)
a <- Anova(fit, type = 2)
e <- emmeans(fit, pairwise ~ technique | cohort, adjust = "tukey")
invisible(capture.output(print(a), print(e)))
RSCRIPT
echo "rows: $rows; load: $(uptime | sed 's/.*load average: //')"
hyperfine --warmup 1 --runs 5 --export-json "$tmp/times.json" \
  -n swift "$bin fit '$formula' $tmp/cohort.csv --reference technique=usual_care --anova II --emmeans technique --by cohort --format json > /dev/null" \
  -n R "Rscript $tmp/r.R"
python3 - "$tmp/times.json" <<'PY'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
print(f"swift {results['swift']:.3f} s, R {results['R']:.3f} s: swift is {results['R'] / results['swift']:.1f}x faster than R")
PY
