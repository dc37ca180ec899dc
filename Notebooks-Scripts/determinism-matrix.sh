#!/usr/bin/env bash
# Proves that results do not depend on the CPU's kernels or the thread count.
#
# Regenerates the example reports and runs a battery of fits (`outcomes fit --format json`, every
# number at full precision) under every OpenBLAS core type this CPU can run, each with
# OPENBLAS_NUM_THREADS=1 and 2 and with the whole process pinned to one core (taskset), plus the
# SSE2 path of OutcomeStats' vector kernels forced (OUTCOMES_VECTOR_PATH=sse2), and fails on any
# byte that differs: between
# configurations, or (for the reports) from the committed reports/. It also shows, without
# failing, what glibc's libm without its FMA variants (GLIBC_TUNABLES) changes. OutcomeStats does its dense
# algebra in a fixed order of its own (the OutcomeStats article "Determinism"), so none of these
# may change anything; the matrix keeps it so.
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
TRIAL=Tests/OutcomeStatsTests/Fixtures/mmrm_trial_b.csv
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
  "mmrm|$EX|pain_nrs_change ~ pain_nrs_baseline + technique * week + cohort + us(week | patient_id) --subset week>0 --reference technique=usual_care --emmeans technique --by week --anova III"
  "mmrm-grouped-ar1h|$EX|pain_nrs_change ~ pain_nrs_baseline + technique + cohort * week + ar1h(week | cohort / patient_id) --subset week>0"
  "mmrm-kr-proportional|$EX|pain_nrs_change ~ pain_nrs_baseline + technique * week + cohort + us(week | patient_id) --subset week>0 --reference technique=usual_care --df kenward-roger --emmeans technique --by week --emmeans-weights proportional --anova III"
  "mi-ancova|$TRIAL|change ~ baseline + arm + site --subset week==8 --reference arm=usual_care --impute mar --imputations 20 --seed 7 --impute-by arm"
  "mi-mmrm|$TRIAL|change ~ baseline + arm * week + site + us(week | patient_id) --reference arm=usual_care --impute mar --imputations 10 --seed 3 --impute-by arm"
  "mi-j2r-tipping|$TRIAL|change ~ baseline + arm + site --subset week==8 --reference arm=usual_care --impute jump-to-reference --imputations 20 --seed 7 --impute-by arm --delta 0,1"
  "cm-cir|$TRIAL|change ~ baseline + arm + site --subset week==8 --reference arm=usual_care --impute copy-increments --impute-method conditional-mean --impute-by arm"
  "mi-chained|$EX|pain_nrs ~ pain_nrs_baseline + technique + cohort --subset week==10 --reference technique=usual_care --impute mar --imputations 20 --seed 5 --impute-by technique"
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

# A configuration: OpenBLAS core type, threads (1, 2, or "pinned": one core by taskset), the
# vector path of OutcomeStats' own kernels (avx, or sse2 forced) and glibc's libm variants
# (native, or "nofma": GLIBC_TUNABLES hides FMA/AVX2/AVX-512 so libm takes its generic code;
# reported, not counted: glibc's generic exp/log round differently from its FMA variants).
cores=(default Prescott Nehalem Sandybridge Haswell)
grep -qw avx512f /proc/cpuinfo && cores+=(SkylakeX)
configs=()
for core in "${cores[@]}"; do
  for threads in 1 2 pinned; do configs+=("$core $threads avx native"); done
done
configs+=("default 2 sse2 native" "Prescott pinned sse2 native" "default 2 avx nofma")
passed=0 failed=0 reference=""
for config in "${configs[@]}"; do
  read -r core threads vector libm <<<"$config"
  label="core=$core threads=$threads vector=$vector libm=$libm"
  dir="$WORK/${config// /-}"
  (
    [ "$core" != default ] && export OPENBLAS_CORETYPE=$core
    [ "$vector" = sse2 ] && export OUTCOMES_VECTOR_PATH=sse2
    [ "$libm" = nofma ] && export GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F,-AVX512VL
    if [ "$threads" = pinned ]; then export OPENBLAS_NUM_THREADS=1; PREFIX="taskset -c 0"
    else export OPENBLAS_NUM_THREADS=$threads; PREFIX=""; fi
    export PREFIX
    run_battery "$dir"
  ) || { echo "FAIL $label: a run exited non-zero"; failed=$((failed + 1)); continue; }
  problems=""
  if ! diff -r -q reports "$dir/reports" >/dev/null; then
    problems+=" reports/ drifted ($(diff -r -q reports "$dir/reports" | wc -l || true) files);"
  fi
  if [ -z "$reference" ]; then
    reference=$dir
  elif ! diff -r -q "$reference" "$dir" >/dev/null; then
    problems+=" $(diff -r -q "$reference" "$dir" | wc -l || true) files differ from the first configuration, among them $(diff -r -q "$reference" "$dir" | head -2 | sed "s|$WORK/||g" | tr '\n' ' ' || true)"
  fi
  if [ -z "$problems" ]; then
    echo "ok   $label: $(find "$dir" -type f | wc -l) files identical"
    passed=$((passed + 1))
  elif [ "$libm" = nofma ]; then
    # Informational: libm's generic (non-FMA) exp/log/pow round a rare last bit differently.
    # Every x86-64 this project runs on (Intel with AVX-512, AMD with AVX2) has FMA and takes
    # the same variants; a CPU without FMA would see these differences (article "Determinism").
    echo "note $label (a CPU without FMA, not counted):$problems"
  else
    echo "FAIL $label:$problems"
    failed=$((failed + 1))
  fi
done
echo "determinism: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
