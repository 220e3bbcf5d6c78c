#!/usr/bin/env bash
# Sets everything up like scripts/run.sh, then builds and runs the whole test suite with CTest.
# The exit status is the suite's. Extra arguments go to ctest (e.g. -R tst_trainer, -L ui).
# The CMake preset is $MOELAB_PRESET (default release, in build/; .ci/run uses ci, in build-ci/).
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
# The tests' own packages: PyTorch for the text engine's parity with its reference (tests/text).
MOELAB_PACKAGES+=(python3-torch)
moelab_setup
moelab_log "running the tests"
cd "$MOELAB_BUILD"
# Serially: the engine's own OpenMP threads use both cores, and two busy test processes would
# make them wait on each other.
ctest --output-on-failure "$@"
