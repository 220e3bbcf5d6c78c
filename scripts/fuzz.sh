#!/usr/bin/env bash
# Fuzzes the loaders with libFuzzer (clang from Debian, with ASan and UBSan), SECONDS each:
#   scripts/fuzz.sh [SECONDS]        (default 300)
#   - the CSV loader (fuzz/fuzz_csv.cpp); seeds: every CSV of the project (the malformed-input
#     corpus and the shipped data); growing corpus in build/fuzz/csv/;
#   - experiment and model files (fuzz/fuzz_json.cpp, with Qt Core; its build takes a few
#     minutes); seeds: fuzz/seeds/experiment.json and a small freshly saved model; corpus in
#     build/fuzz/json/;
#   - lesson files (fuzz/fuzz_lesson.cpp, with Qt Core and Gui); seeds: the bundled lessons and
#     docs/lessons/*.json; corpus in build/fuzz/lesson/.
# A finding stops that run and is written to build/fuzz/findings/: fix the loader, then keep the
# input as a regression test (a row in tst_csvcorpus, tst_experimentfile, tst_modelfile or
# tst_lessons). Not a
# test itself (it runs for minutes).
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
MOELAB_PACKAGES+=(clang libclang-rt-14-dev)
moelab_setup >/dev/null # also builds moelab-cli, which saves the model seed
seconds="${1:-300}"
out="$MOELAB_BUILD/fuzz"
mkdir -p "$out/csv" "$out/json" "$out/lesson" "$out/findings"
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

moelab_log "building the experiment/model fuzz target (clang, libFuzzer, ASan, UBSan, Qt Core)"
cp -n "$MOELAB_ROOT"/fuzz/seeds/*.json "$out/json/" 2>/dev/null || true
# A small model (under libFuzzer's -max_len), so that mutations start from a whole, valid file.
"$MOELAB_BUILD/bin/moelab-cli" train --model moe --experts 2 --top-k 1 --expert-hidden 4 \
    --width 4 --blocks 1 --steps 3 --save-model "$out/json/model.json" >/dev/null
root="$MOELAB_ROOT"
clang++ -std=c++20 -O1 -g -fPIC -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DEIGEN_DONT_PARALLELIZE -DMOELAB_SOURCE_DATA_DIR="\"$root/datasets/data\"" \
    -I"$root/core" -I"$root/datasets" -I"$root/app/files" -isystem /usr/include/eigen3 \
    $(pkg-config --cflags Qt6Core) "$root/fuzz/fuzz_json.cpp" "$root"/app/files/*.cpp \
    "$root"/core/*.cpp "$root"/datasets/*.cpp $(pkg-config --libs Qt6Core) -o "$out/fuzz_json"

moelab_log "fuzzing experiment and model files for $seconds s"
"$out/fuzz_json" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out/findings/" -print_final_stats=1 "$out/json"

moelab_log "building the lesson fuzz target (clang, libFuzzer, ASan, UBSan, Qt Core and Gui)"
cp -n "$root"/lessons/*.json "$root"/docs/lessons/*.json "$out/lesson/" 2>/dev/null || true
clang++ -std=c++20 -O1 -g -fPIC -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DEIGEN_DONT_PARALLELIZE -DMOELAB_SOURCE_DATA_DIR="\"$root/datasets/data\"" \
    -DMOELAB_SOURCE_LESSONS_DIR="\"$root/lessons\"" \
    -I"$root/core" -I"$root/datasets" -I"$root/app/files" -I"$root/ui" -isystem /usr/include/eigen3 \
    $(pkg-config --cflags Qt6Core Qt6Gui) "$root/fuzz/fuzz_lesson.cpp" "$root/ui/lesson.cpp" \
    "$root/ui/numberformat.cpp" "$root"/app/files/*.cpp "$root"/core/*.cpp "$root"/datasets/*.cpp \
    $(pkg-config --libs Qt6Core Qt6Gui) -o "$out/fuzz_lesson"

moelab_log "fuzzing lesson files for $seconds s"
"$out/fuzz_lesson" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out/findings/" -print_final_stats=1 "$out/lesson"
