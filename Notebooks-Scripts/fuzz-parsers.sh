#!/usr/bin/env bash
# Fuzzes the formula parser (with the design it codes) or the subset parser with libFuzzer and
# AddressSanitizer for SECONDS seconds.
#
#   Notebooks-Scripts/fuzz-parsers.sh formula 600
#   Notebooks-Scripts/fuzz-parsers.sh subset 600
#
# Builds the separate package in Fuzz/ (never built by `swift build`/`swift test` of the main
# package) with `-sanitize=fuzzer,address`, starts from the committed seed corpus
# Fuzz/FormulaCorpus or Fuzz/SubsetCorpus (ordinary and hostile inputs of issue 16) with the
# dictionary Fuzz/formula.dict or Fuzz/subset.dict, and keeps the growing corpus and any crash
# reproducer under Fuzz/.build/. A crash or a run over 10 s exits non-zero and names the
# reproducer file: add it as a regression test, fix, rerun.
set -euo pipefail
KIND="${1:?usage: fuzz-parsers.sh formula|subset SECONDS}"
SECONDS_TO_RUN="${2:?usage: fuzz-parsers.sh formula|subset SECONDS}"
case "$KIND" in
  formula) PRODUCT=FuzzFormulaParser; SEEDS=FormulaCorpus ;;
  subset) PRODUCT=FuzzSubsetParser; SEEDS=SubsetCorpus ;;
  *) echo "unknown target '$KIND': use formula or subset" >&2; exit 2 ;;
esac
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT/Fuzz"

FLAGS=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -g --product "$PRODUCT")
swift build "${FLAGS[@]}"
BIN="$(swift build "${FLAGS[@]}" --show-bin-path)/$PRODUCT"

WORK="$ROOT/Fuzz/.build/corpus-$KIND"
ARTIFACTS="$ROOT/Fuzz/.build/artifacts-$KIND/"
mkdir -p "$WORK" "$ARTIFACTS"
echo "fuzzing $KIND for ${SECONDS_TO_RUN}s; corpus $WORK, crashes in $ARTIFACTS"
SWIFT_BACKTRACE=enable=no "$BIN" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -dict="$ROOT/Fuzz/$KIND.dict" -print_final_stats=1 -artifact_prefix="$ARTIFACTS" "$WORK" "$ROOT/Fuzz/$SEEDS"
