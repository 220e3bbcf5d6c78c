#!/usr/bin/env bash
# Runs test suites under the sanitizers (docs/reliability.md):
#   scripts/sanitize.sh [asan|asan-all|tsan] [ctest arguments...]
#   asan      AddressSanitizer + UndefinedBehaviorSanitizer (leak checks on) on the "sanitize"
#             suite: the engine, the data and file loaders, the training worker, the window's
#             life and every control at its ends. CI runs it after scripts/test.sh.
#   asan-all  the same sanitizers on every test (about 20 minutes more on 2 cores).
#   tsan      ThreadSanitizer on the "threads" suite (clang, with LLVM's OpenMP runtime and its
#             Archer tool, which tells TSan how OpenMP's threads synchronise).
# Sets up like scripts/test.sh (packages), then builds in build-asan/ or build-tsan/ (the CMake
# presets of those names, ccache when present). A sanitizer report fails the test it came from.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
mode="${1:-asan}"
shift || true
case "$mode" in
    asan) preset=asan target=sanitize-suite labels=(-L sanitize) ;;
    asan-all) preset=asan target=all labels=() ;;
    tsan)
        preset=tsan target=threads-suite labels=(-L threads)
        MOELAB_PACKAGES+=(clang libomp-14-dev libclang-rt-14-dev)
        ;;
    *)
        echo "usage: scripts/sanitize.sh [asan|asan-all|tsan] [ctest arguments...]" >&2
        exit 2
        ;;
esac
moelab_install_packages
launcher=()
if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cd "$MOELAB_ROOT"
moelab_log "configuring ($preset) in build-$preset"
cmake --preset "$preset" "${launcher[@]}" >/dev/null
moelab_log "building $target"
cmake --build "build-$preset" --target "$target" --parallel "$(nproc 2>/dev/null || echo 2)"
moelab_log "running the tests under $preset"
ctest --preset "$preset" "${labels[@]}" "$@"
