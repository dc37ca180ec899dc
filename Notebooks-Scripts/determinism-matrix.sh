#!/usr/bin/env bash
# Proves that results do not depend on the CPU's kernels or the thread count.
#
# Regenerates the example reports and runs a battery of fits (`outcomes fit --format json`, every
# number at full precision) under every OpenBLAS core type this CPU can run, each with
# OPENBLAS_NUM_THREADS=1 and 2, plus the whole process pinned to one core (taskset), and fails
# on any byte that differs: between configurations, or (for the reports) from the committed
# reports/. OutcomeStats does its dense algebra in a fixed order of its own (the OutcomeStats
# article "Determinism"), so these variables must change nothing; the matrix keeps it so.
#
# Usage: Notebooks-Scripts/determinism-matrix.sh [BINARY]   (default .build/release/outcomes)
# Prints one line per configuration and a closing "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/outcomes}
[ -x "$BIN" ] || { echo "error: $BIN not built (make build)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Data: the example cohort, and a simulated one large enough for the streamed paths
# (84,000 visits; 65,536 complete cases and more take the streamed least squares and GLM).
"$BIN" simulate --patients 14000 --seed 31 --out "$WORK/large.csv" >/dev/null
EX=Datasets/example_cohort.csv
cat > "$WORK/meta.yaml" <<EOF
defaults: { data: $PWD/$EX, reference: { technique: usual_care } }
analyses:
  - name: pain-by-site
    formula: pain_nrs ~ sessions_per_week + technique + cohort * week
    meta: { by: site, coefficient: techniquecombined }
EOF

# name|data|formula and options
BATTERY=(
  "linear|$EX|pain_nrs ~ sessions_per_week + technique + cohort * week + age + sex + bmi --reference technique=usual_care"
  "hc3|$EX|pain_nrs ~ sessions_per_week + technique + cohort * week --covariance hc3"
  "cluster|$EX|pain_nrs ~ sessions_per_week + technique + cohort * week --covariance cluster:patient_id"
  "weighted|$EX|pain_nrs ~ technique + week + cohort --weights bmi"
  "anova3|$EX|pain_nrs ~ technique * cohort + week --reference technique=usual_care --anova III --emmeans technique --by cohort --adjust tukey"
  "streamed|$WORK/large.csv|pain_nrs ~ sessions_per_week + technique + cohort * week + age + sex + bmi"
  "streamed-hc3|$WORK/large.csv|pain_nrs ~ sessions_per_week + technique + cohort * week + age + sex + bmi --covariance hc3"
  "binomial|$EX|pain_nrs_responder ~ technique + cohort --family binomial --subset week=10 --reference technique=usual_care"
  "binomial-large|$WORK/large.csv|pain_nrs_responder ~ technique + cohort + week --family binomial"
  "poisson|$EX|mood_phq9 ~ technique + week --family poisson"
  "mixed|$EX|pain_nrs ~ week * cohort + sessions_per_week + technique + (1 + week | patient_id) --reference technique=usual_care"
  "mixed-two-factors|$EX|pain_nrs ~ week + cohort + (1 | patient_id) + (1 | site)"
)

run_battery() {  # $1: output folder; the environment carries the configuration
  local out=$1 entry name data rest
  mkdir -p "$out"
  for entry in "${BATTERY[@]}"; do
    IFS='|' read -r name data rest <<<"$entry"
    local formula=${rest%% --*} options=""
    [ "$formula" != "$rest" ] && options=${rest#"$formula"}
    # shellcheck disable=SC2086
    $PREFIX "$BIN" fit "$formula" "$data" --format json $options > "$out/$name.json"
  done
  $PREFIX "$BIN" run "$WORK/meta.yaml" --out "$out/meta" --quiet
  $PREFIX "$BIN" run Datasets/analyses.yaml --out "$out/reports" --quiet
}

cores=(default Prescott Nehalem Sandybridge Haswell)
grep -qw avx512f /proc/cpuinfo && cores+=(SkylakeX)
passed=0 failed=0 reference=""
for core in "${cores[@]}"; do
  for threads in 1 2 pinned; do
    label="core=$core threads=$threads"
    dir="$WORK/$core-$threads"
    (
      [ "$core" != default ] && export OPENBLAS_CORETYPE=$core
      if [ "$threads" = pinned ]; then export OPENBLAS_NUM_THREADS=1; PREFIX="taskset -c 0"
      else export OPENBLAS_NUM_THREADS=$threads; PREFIX=""; fi
      export PREFIX
      run_battery "$dir"
    ) || { echo "FAIL $label: a run exited non-zero"; failed=$((failed + 1)); continue; }
    problems=""
    if ! diff -r -q reports "$dir/reports" >/dev/null; then
      problems+=" reports/ drifted ($(diff -r -q reports "$dir/reports" | wc -l) files);"
    fi
    if [ -z "$reference" ]; then
      reference=$dir
    elif ! diff -r -q "$reference" "$dir" >/dev/null; then
      problems+=" differs from the first configuration: $(diff -r -q "$reference" "$dir" | head -3 | tr '\n' ' ')"
    fi
    if [ -z "$problems" ]; then
      echo "ok   $label: $(find "$dir" -type f | wc -l) files identical"
      passed=$((passed + 1))
    else
      echo "FAIL $label:$problems"
      failed=$((failed + 1))
    fi
  done
done
echo "determinism: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
