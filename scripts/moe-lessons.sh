#!/usr/bin/env bash
# The effects MoE Lab's lessons rely on, measured on the built-in grid demo of issue 15 over
# seeds 1, 2, 3 (about 110 runs of `moelab-cli train --json`, one at a time, one thread):
#   (a) accuracy against E at fixed active compute, against dense nets of matched total and expert compute;
#   (b) top-k and the compute bill; (c) balance loss; (d) capacity factor;
#   (e) fine-grained experts at equal expert compute; (f) the routers, at balance loss 0.01 and 0.
# Builds moelab-cli, then runs scripts/moe-lessons.py, which writes docs/measurements/lessons.md and
# caches every run in docs/measurements/lessons-runs.jsonl (a rerun skips the cached runs).
# Options are passed on to the python script (--only a,b --seeds 1 --table-only). Not a test.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
moelab_setup >/dev/null
exec python3 "$MOELAB_ROOT/scripts/moe-lessons.py" --cli "$MOELAB_BUILD/bin/moelab-cli" "$@"
