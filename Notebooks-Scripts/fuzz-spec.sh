#!/usr/bin/env bash
# Fuzzes the spec loader (YAML, for_each, aliases, limits) with libFuzzer and AddressSanitizer for SECONDS seconds.
#
#   Notebooks-Scripts/fuzz-spec.sh 600
#
# Builds the separate package in Fuzz/ (never built by `swift build`/`swift test` of the main
# package) with `-sanitize=fuzzer,address`, starts from the committed seed corpus Fuzz/SpecCorpus
# and keeps the growing corpus and any crash reproducer under Fuzz/.build/. A crash exits
# non-zero and names the reproducer file: add it as a regression test, fix, rerun.
set -euo pipefail
SECONDS_TO_RUN="${1:?usage: fuzz-spec.sh SECONDS}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT/Fuzz"

swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -g --product FuzzSpecLoader
BIN="$(swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -g --product FuzzSpecLoader --show-bin-path)/FuzzSpecLoader"

WORK="$ROOT/Fuzz/.build/spec-corpus"
ARTIFACTS="$ROOT/Fuzz/.build/spec-artifacts/"
mkdir -p "$WORK" "$ARTIFACTS"
echo "fuzzing for ${SECONDS_TO_RUN}s; corpus $WORK, crashes in $ARTIFACTS"
SWIFT_BACKTRACE=enable=no "$BIN" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$ARTIFACTS" "$WORK" "$ROOT/Fuzz/SpecCorpus"
