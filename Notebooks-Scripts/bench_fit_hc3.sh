#!/usr/bin/env bash
# End-to-end benchmark: one linear model with HC3 standard errors on a 1,000,000-row simulated
# cohort, side by side with R (data.table::fread + lm + sandwich::vcovHC) and statsmodels
# (pandas.read_csv + OLS + HC3). Each tool reads the CSV, fits, computes HC3 and prints its table.
#
#   Notebooks-Scripts/bench_fit_hc3.sh            # from the repository root
#   RUNS=5 WORK=/tmp/bench Notebooks-Scripts/bench_fit_hc3.sh
#
# Needs: swift, Rscript with data.table, sandwich and lmtest, python3 with pandas and statsmodels,
# hyperfine. Prints wall times (mean of RUNS runs) and the ratios R/outcomes and statsmodels/outcomes.
set -euo pipefail
RUNS=${RUNS:-3}
PATIENTS=${PATIENTS:-166667}          # 6 visits each: 1,000,002 rows
WORK=${WORK:-/tmp/outcomes-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$WORK"
CSV="$WORK/cohort_${PATIENTS}.csv"
FORMULA="pain_nrs ~ sessions_per_week + technique + cohort * week + age + sex + bmi"

(cd "$ROOT" && swift build -c release --product outcomes >/dev/null)
B="$ROOT/.build/release/outcomes"
[ -f "$CSV" ] || "$B" simulate --patients "$PATIENTS" --seed 11 --out "$CSV" 2>/dev/null
echo "data: $CSV ($(($(wc -l < "$CSV") - 1)) rows, $(du -m "$CSV" | cut -f1) MB); formula: $FORMULA"

cat > "$WORK/fit_hc3.R" <<RS
suppressPackageStartupMessages({ library(data.table); library(sandwich); library(lmtest) })
d <- fread("$CSV", na.strings = c("", "NA", "."))
d[, technique := relevel(factor(technique), ref = "usual_care")]
fit <- lm($FORMULA, data = d)
print(coeftest(fit, vcov. = vcovHC(fit, type = "HC3")))
RS
cat > "$WORK/fit_hc3.py" <<PY
import pandas as pd
import statsmodels.formula.api as smf
d = pd.read_csv("$CSV", na_values=["", "NA", "."], keep_default_na=False)
formula = "$FORMULA".replace("technique", "C(technique, Treatment('usual_care'))")
print(smf.ols(formula, data=d).fit(cov_type="HC3").summary())
PY

hyperfine --runs "$RUNS" --warmup 1 --style basic --export-json "$WORK/bench.json" \
  -n outcomes "$B fit '$FORMULA' '$CSV' --covariance hc3 --reference technique=usual_care" \
  -n R "Rscript '$WORK/fit_hc3.R'" \
  -n statsmodels "python3 '$WORK/fit_hc3.py'" >/dev/null

python3 - "$WORK/bench.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ours = results["outcomes"]["mean"]
print(f"{'tool':<12} {'mean s':>8} {'min s':>8} {'ratio':>7}")
for name in ["outcomes", "R", "statsmodels"]:
    r = results[name]
    print(f"{name:<12} {r['mean']:8.2f} {r['min']:8.2f} {r['mean'] / ours:7.1f}x")
print(f"targets: R/outcomes >= 5 (got {results['R']['mean'] / ours:.1f}), "
      f"statsmodels/outcomes >= 20 (got {results['statsmodels']['mean'] / ours:.1f})")
PY
echo "load: $(uptime)"
