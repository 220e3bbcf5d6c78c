#!/usr/bin/env bash
# Fuzzes the loaders with libFuzzer (clang from Debian, with ASan and UBSan), SECONDS each:
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default 300 s; targets csv json lesson)
# The targets are CMake targets of fuzz/CMakeLists.txt, built by the "fuzz" preset in build-fuzz/
# (the libraries they link are compiled with the same sanitizers and coverage):
#   - fuzz_csv, the CSV loader; seeds: every CSV of the project (the malformed-input corpus and
#     the shipped data); growing corpus in build-fuzz/corpus/csv/;
#   - fuzz_json, experiment and model files; seeds: fuzz/seeds/experiment.json and a small freshly
#     saved model; corpus in build-fuzz/corpus/json/;
#   - fuzz_lesson, lesson files; seeds: the bundled lessons and docs/lessons/*.json; corpus in
#     build-fuzz/corpus/lesson/.
# A finding stops that run and is written to build-fuzz/findings/: fix the loader, then keep the
# input as a regression test (a row in tst_csvcorpus, tst_experimentfile, tst_modelfile or
# tst_lessons). Not a test itself (it runs for minutes).
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
MOELAB_PACKAGES+=(clang libclang-rt-14-dev)
moelab_setup >/dev/null # the release build's moelab-cli saves the model seed
seconds="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv json lesson)
root="$MOELAB_ROOT"
fuzz_build="$root/build-fuzz"
corpus="$fuzz_build/corpus"
mkdir -p "$corpus/csv" "$corpus/json" "$corpus/lesson" "$fuzz_build/findings"
cp -n "$root"/tests/datasets/corpus/*.csv "$root"/datasets/data/*.csv "$corpus/csv/" 2>/dev/null || true
cp -n "$root"/fuzz/seeds/*.json "$corpus/json/" 2>/dev/null || true
# A small model (under libFuzzer's -max_len), so that mutations start from a whole, valid file.
"$MOELAB_BUILD/bin/moelab-cli" train --model moe --experts 2 --top-k 1 --expert-hidden 4 \
    --width 4 --blocks 1 --steps 3 --save-model "$corpus/json/model.json" >/dev/null
cp -n "$root"/lessons/*.json "$root"/docs/lessons/*.json "$corpus/lesson/" 2>/dev/null || true

launcher=()
if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
moelab_log "configuring the fuzz preset (clang, libFuzzer, ASan, UBSan) in $fuzz_build"
(cd "$root" && cmake --preset fuzz "${launcher[@]}" >/dev/null)
moelab_log "building ${targets[*]/#/fuzz_}"
cmake --build "$fuzz_build" --parallel "$(nproc 2>/dev/null || echo 2)" \
    --target "${targets[@]/#/fuzz_}"

for target in "${targets[@]}"; do
    moelab_log "fuzzing fuzz_$target for $seconds s"
    "$fuzz_build/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$fuzz_build/findings/" -print_final_stats=1 \
        "$corpus/$target"
done
