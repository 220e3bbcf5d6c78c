#!/usr/bin/env bash
# Fuzzes the CSV loader with libFuzzer (clang from Debian, with ASan and UBSan) for a while:
#   scripts/fuzz.sh [SECONDS]        (default 300)
# The seed corpus is every CSV of the project (the malformed-input corpus and the shipped data);
# the growing corpus lives in build/fuzz/csv/. A finding stops the run and is written to
# build/fuzz/findings/: fix the loader, then keep the input in tests/datasets/corpus/ with a row in
# tst_csvcorpus for the message it must get. Not a test itself (it runs for minutes).
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
MOELAB_PACKAGES=(clang libclang-rt-14-dev libeigen3-dev)
moelab_install_packages
seconds="${1:-300}"
out="$MOELAB_BUILD/fuzz"
mkdir -p "$out/csv" "$out/findings"
cp -n "$MOELAB_ROOT"/tests/datasets/corpus/*.csv "$MOELAB_ROOT"/datasets/data/*.csv "$out/csv/" 2>/dev/null || true

moelab_log "building the CSV fuzz target (clang, libFuzzer, ASan, UBSan)"
clang++ -std=c++20 -O1 -g -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$MOELAB_ROOT/core" -I"$MOELAB_ROOT/datasets" -isystem /usr/include/eigen3 \
    "$MOELAB_ROOT/fuzz/fuzz_csv.cpp" \
    "$MOELAB_ROOT/datasets/csvloader.cpp" "$MOELAB_ROOT/datasets/csvtokenizer.cpp" \
    "$MOELAB_ROOT/datasets/numberparse.cpp" "$MOELAB_ROOT/core/dataset.cpp" \
    -o "$out/fuzz_csv"

moelab_log "fuzzing the CSV loader for $seconds s"
"$out/fuzz_csv" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out/findings/" -print_final_stats=1 "$out/csv"
