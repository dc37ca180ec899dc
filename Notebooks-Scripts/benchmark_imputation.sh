#!/usr/bin/env bash
# Multiple-imputation speed (issue 15): m = 100 imputations under MAR of a simulated trial of
# 1,000 patients × 6 visits (two arms, about 30 % monotone dropout), then the analysis of every
# completed data set and Rubin's pooling.
#
#   Notebooks-Scripts/benchmark_imputation.sh [PATIENTS] [M]      # default 1000 100
#
# outcomes: `outcomes fit --impute mar --impute-by arm` end to end (load, impute, fit, pool,
# summary), best of 3 runs, for the ANCOVA at the last visit and for the unstructured MMRM over
# all visits, and for the MMRM after jump-to-reference imputation (m draws, and conditional means
# with a jackknife over the patients). R: mice (method "norm", the same monotone data in wide form, default maxit = 5)
# then lm at the last visit and mice::pool, timed inside R after start-up and reading the CSV.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-1000}"
M="${2:-100}"
BIN="$ROOT/.build/release/outcomes"
[ -x "$BIN" ] || (cd "$ROOT" && swift build -c release --product outcomes)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/simulate.R" <<'EOF'
args <- commandArgs(TRUE); n <- as.integer(args[1]); out <- args[2]
set.seed(n)
t <- 6
sds <- seq(1, 1.6, length.out = t)
L <- chol(diag(sds) %*% outer(1:t, 1:t, function(a, b) 0.8^abs(a - b)) %*% diag(sds))
arm <- ifelse(seq_len(n) %% 2 == 0, "massage", "usual_care")
base <- round(rnorm(n, 6, 1.5), 1)
y <- round(outer(-0.3 * base, rep(1, t)) - outer(arm == "massage", 0.2 * seq_len(t)) -
           outer(rep(1, n), 0.1 * seq_len(t)) + matrix(rnorm(n * t), n) %*% L, 4)
last <- ifelse(runif(n) < 0.3, sample(1:(t - 1), n, replace = TRUE), t)
keep <- outer(last, 1:t, ">=")
d <- data.frame(patient_id = rep(sprintf("P%06d", 1:n), t), arm = rep(arm, t), baseline = rep(base, t),
                week = rep(1:t, each = n), change = as.vector(y))[as.vector(keep), ]
write.csv(d[order(d$patient_id, d$week), ], out, row.names = FALSE, quote = FALSE)
EOF

cat > "$WORK/mice.R" <<'EOF'
args <- commandArgs(TRUE); file <- args[1]; m <- as.integer(args[2])
suppressMessages(library(mice))
d <- read.csv(file)
w <- reshape(d, idvar = c("patient_id", "arm", "baseline"), timevar = "week", direction = "wide")
w$arm <- factor(w$arm, levels = c("usual_care", "massage"))
w$patient_id <- NULL
elapsed <- system.time({
  imp <- mice(w, m = m, method = ifelse(sapply(w, anyNA), "norm", ""), seed = 7, printFlag = FALSE)
  fit <- with(imp, lm(change.6 ~ baseline + arm))
  pooled <- summary(pool(fit))
})[["elapsed"]]
cat(sprintf("%.3f %.6f\n", elapsed, pooled$estimate[pooled$term == "armmassage"]))
EOF

Rscript "$WORK/simulate.R" "$N" "$WORK/trial.csv"
best() {
  local best=""
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$@" > "$WORK/out.txt"
    end=$(date +%s.%N)
    best=$(echo "$start $end $best" | awk '{t = $2 - $1; if ($3 == "" || t < $3) print t; else print $3}')
  done
  echo "$best"
}
ancova=$(best "$BIN" fit "change ~ baseline + arm" "$WORK/trial.csv" --subset "week == 6" --reference arm=usual_care \
  --impute mar --imputations "$M" --seed 7 --impute-by arm)
ancova_estimate=$(awk '$1 == "armmassage" { print $2 }' "$WORK/out.txt")
mmrm=$(best "$BIN" fit "change ~ baseline + arm * week + us(week | patient_id)" "$WORK/trial.csv" --reference arm=usual_care \
  --impute mar --imputations "$M" --seed 7 --impute-by arm)
j2r=$(best "$BIN" fit "change ~ baseline + arm * week + us(week | patient_id)" "$WORK/trial.csv" --reference arm=usual_care \
  --impute jump-to-reference --imputations "$M" --seed 7 --impute-by arm)
j2r_cm=$(best "$BIN" fit "change ~ baseline + arm * week + us(week | patient_id)" "$WORK/trial.csv" --reference arm=usual_care \
  --impute jump-to-reference --impute-method conditional-mean --impute-by arm)
read -r mice_s mice_estimate < <(Rscript "$WORK/mice.R" "$WORK/trial.csv" "$M")
printf "patients %s, m = %s\n" "$N" "$M"
printf "%-40s %10s %12s\n" step seconds armmassage
printf "%-40s %10.3f %12s\n" "outcomes: impute + ANCOVA at week 6 + pool" "$ancova" "$ancova_estimate"
printf "%-40s %10.3f %12s\n" "outcomes: impute + us MMRM + pool" "$mmrm" "-"
printf "%-40s %10.3f %12s\n" "outcomes: J2R impute + us MMRM + pool" "$j2r" "-"
printf "%-40s %10.3f %12s\n" "outcomes: J2R cond. mean + MMRM jackknife" "$j2r_cm" "-"
printf "%-40s %10.3f %12.4f\n" "R mice (norm) + lm + pool" "$mice_s" "$mice_estimate"
awk -v a="$ancova" -v r="$mice_s" 'BEGIN { printf "ANCOVA: R / outcomes = %.1f\n", r / a }'
