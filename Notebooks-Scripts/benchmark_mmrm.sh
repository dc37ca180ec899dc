#!/usr/bin/env bash
# MMRM speed against R (issue 14): simulated trials of 1,000, 10,000 and 100,000 patients × 6
# visits, two arms, about 30 % monotone dropout, unstructured covariance, REML.
#
#   Notebooks-Scripts/benchmark_mmrm.sh [SIZES]        # default "1000 10000 100000"
#
# outcomes: `outcomes fit` end to end (load, fit, Satterthwaite df, summary), best of 3 runs with
# its peak memory. R: the fit alone (after R has started and read the CSV), nlme's gls
# (corSymm + varIdent) and glmmTMB (us(visit + 0 | id), dispformula = ~0), each with REML. A
# peer is skipped at sizes where it would run longer than R_LIMIT seconds (default 600); the
# issue measured gls at 456 s for 10,000 patients. Prints the times and the ratio of the fastest
# peer to outcomes.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZES="${1:-1000 10000 100000}"
R_LIMIT="${R_LIMIT:-600}"
BIN="$ROOT/.build/release/outcomes"
[ -x "$BIN" ] || (cd "$ROOT" && swift build -c release --product outcomes)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cat > "$WORK/simulate.R" <<'EOF'
args <- commandArgs(TRUE); n <- as.integer(args[1]); out <- args[2]
set.seed(n)
t <- 6
sds <- seq(1, 1.6, length.out = t)
rho <- outer(1:t, 1:t, function(a, b) 0.8^abs(a - b))
L <- chol(diag(sds) %*% rho %*% diag(sds))
arm <- ifelse(seq_len(n) %% 2 == 0, "massage", "usual_care")
base <- round(rnorm(n, 6, 1.5), 1)
e <- matrix(rnorm(n * t), n) %*% L
mu <- outer(-0.3 * base, rep(1, t)) - outer(arm == "massage", 0.2 * seq_len(t)) - outer(rep(1, n), 0.1 * seq_len(t))
y <- round(mu + e, 4)
last <- ifelse(runif(n) < 0.3, sample(1:(t - 1), n, replace = TRUE), t)
keep <- outer(last, 1:t, ">=")
d <- data.frame(patient_id = rep(sprintf("P%06d", 1:n), t), arm = rep(arm, t), baseline = rep(base, t),
                visit = rep(paste0("V", 1:t), each = n), change = as.vector(y))[as.vector(keep), ]
d <- d[order(d$patient_id, d$visit), ]
write.csv(d, out, row.names = FALSE, quote = FALSE)
EOF

cat > "$WORK/fit.R" <<'EOF'
args <- commandArgs(TRUE); tool <- args[1]; file <- args[2]
suppressMessages({ library(nlme); library(glmmTMB) })
d <- read.csv(file)
d$visit <- factor(d$visit); d$arm <- factor(d$arm); d$patient_id <- factor(d$patient_id)
d$vi <- as.integer(d$visit)
elapsed <- system.time({
  if (tool == "gls") {
    fit <- gls(change ~ baseline + arm * visit, d, correlation = corSymm(form = ~ vi | patient_id),
               weights = varIdent(form = ~ 1 | visit), method = "REML")
  } else {
    fit <- glmmTMB(change ~ baseline + arm * visit + us(visit + 0 | patient_id), d, dispformula = ~0, REML = TRUE)
  }
})[["elapsed"]]
cat(sprintf("%.3f %.6f\n", elapsed, -2 * as.numeric(logLik(fit))))
EOF

printf "%-9s %10s %10s %12s %12s %10s\n" patients outcomes_s peak_MB gls_s glmmTMB_s ratio
for n in $SIZES; do
  csv="$WORK/trial-$n.csv"
  Rscript "$WORK/simulate.R" "$n" "$csv"
  best=""
  peak=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" fit "change ~ baseline + arm * visit + us(visit | patient_id)" "$csv" > "$WORK/out.txt"
    read -r seconds kb < "$WORK/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($seconds < $best)}"; then best="$seconds"; peak=$((kb / 1024)); fi
  done
  ours_criterion=$(grep -A1 "logLik" "$WORK/out.txt" | tail -1 | awk '{print $2}' || true)
  # A peer's time grows at least linearly in the patients: skip it where the time measured at an
  # earlier size, scaled, exceeds R_LIMIT.
  peer() {
    local tool="$1" previous="$2" previous_n="$3"
    if [ -n "$previous" ] && [ "$previous" != skipped ] && awk "BEGIN{exit !($previous * $n / $previous_n > $R_LIMIT)}"; then
      echo "skipped"; return
    fi
    if [ "$previous" = skipped ]; then echo "skipped"; return; fi
    # Without an earlier size to scale from, R runs only up to 10,000 patients.
    if [ -z "$previous" ] && [ "$n" -gt 10000 ]; then echo "skipped"; return; fi
    Rscript "$WORK/fit.R" "$tool" "$csv" 2>/dev/null > "$WORK/$tool.txt"
    awk '{print $1}' "$WORK/$tool.txt"
    echo "  $tool REML criterion: $(awk '{print $2}' "$WORK/$tool.txt")" >&2
  }
  gls=$(peer gls "${last_gls:-}" "${last_n:-1}")
  tmb=$(peer tmb "${last_tmb:-}" "${last_n:-1}")
  last_gls="$gls"; last_tmb="$tmb"; last_n="$n"
  fastest=$(printf "%s\n%s\n" "$gls" "$tmb" | grep -v skipped | sort -g | head -1 || true)
  ratio=$([ -n "$fastest" ] && awk "BEGIN{printf \"%.0fx\", $fastest / $best}" || echo "-")
  printf "%-9s %10s %10s %12s %12s %10s\n" "$n" "$best" "$peak" "$gls" "$tmb" "$ratio"
  echo "  outcomes REML criterion: $ours_criterion" >&2
done
