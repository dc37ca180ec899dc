#!/bin/sh
# GLM benchmark: logistic regression of pain responders on a simulated cohort of ~1,000,000 visits,
# end to end (read CSV, derive the responder flag, fit, print), side by side with R (data.table::fread
# + glm) and statsmodels (pandas + smf.glm). Prints hyperfine's table and the time ratios.
# Run from the repository root after `swift build -c release`:
#   sh Notebooks-Scripts/benchmark_glm.sh [patients]     # default 166667 patients = 1,000,002 visits
set -eu
PATIENTS=${1:-166667}
DIR=${TMPDIR:-/tmp}/outcomes-glm-bench
mkdir -p "$DIR"
B=.build/release/outcomes
[ -x "$B" ] || { echo "build first: swift build -c release" >&2; exit 1; }
[ -f "$DIR/cohort.csv" ] || "$B" simulate --patients "$PATIENTS" --seed 11 --out "$DIR/cohort.csv" >/dev/null
FORMULA="pain_nrs_responder ~ technique + cohort * week + sessions_per_week + age"

cat > "$DIR/glm.R" <<'R'
suppressMessages(library(data.table))
d <- fread(commandArgs(TRUE)[1], na.strings = c("", "NA", "."))
b <- d[week == 0, .(patient_id, base = pain_nrs)]
d <- merge(d, b, by = "patient_id", all.x = TRUE, sort = FALSE)
ch <- d$base - d$pain_nrs
d$pain_nrs_responder <- ifelse(d$week == 0, NA, as.numeric(ch >= 2 - 1e-9 | (d$base > 0 & ch / d$base >= 0.3 - 1e-9)))
d$technique <- relevel(factor(d$technique), "usual_care"); d$cohort <- relevel(factor(d$cohort), "acute")
f <- glm(pain_nrs_responder ~ technique + cohort * week + sessions_per_week + age, family = binomial(), data = d)
print(coef(summary(f)))
R

cat > "$DIR/glm.py" <<'PY'
import sys, numpy as np, pandas as pd, statsmodels.formula.api as smf, statsmodels.api as sm
d = pd.read_csv(sys.argv[1], na_values=["", "NA", "."])
base = d.loc[d.week == 0, ["patient_id", "pain_nrs"]].rename(columns={"pain_nrs": "base"})
d = d.merge(base, on="patient_id", how="left")
ch = d.base - d.pain_nrs
r = ((ch >= 2 - 1e-9) | ((d.base > 0) & (ch / d.base >= 0.3 - 1e-9))).astype(float)
r[(d.week == 0) | d.base.isna() | d.pain_nrs.isna()] = np.nan
d["pain_nrs_responder"] = r
f = smf.glm("pain_nrs_responder ~ C(technique, Treatment('usual_care')) + C(cohort, Treatment('acute')) * week"
            " + sessions_per_week + age", data=d, family=sm.families.Binomial(), missing="drop").fit()
print(f.summary2().tables[1])
PY

echo "rows: $(($(wc -l < "$DIR/cohort.csv") - 1)); $(uptime)"
hyperfine --warmup 1 --runs 5 --export-json "$DIR/result.json" \
  -n outcomes "$B fit '$FORMULA' $DIR/cohort.csv --family binomial --reference technique=usual_care --reference cohort=acute" \
  -n R "Rscript $DIR/glm.R $DIR/cohort.csv" \
  -n statsmodels "python3 $DIR/glm.py $DIR/cohort.csv"
python3 - "$DIR/result.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"mean seconds: outcomes {r['outcomes']:.3f}, R {r['R']:.3f}, statsmodels {r['statsmodels']:.3f}")
print(f"R / outcomes = {r['R'] / r['outcomes']:.1f}x, statsmodels / outcomes = {r['statsmodels'] / r['outcomes']:.1f}x")
PY
