#!/usr/bin/env bash
# The effects MoE Lab's lessons rely on, measured over 3 seeds with `moelab-cli sweep`
# (each table: one line per configuration, mean over the seeds; CSVs under build/lessons/):
#   (a) at matched active compute, more experts beat the dense baseline (regions, checkerboard);
#   (b) without a balance loss routing collapses (dead experts, high load CV);
#   (c) capacity factor 1.0 drops many tokens, 2.0 far fewer;
#   (d) expert choice and aux-loss-free routing balance load with no balance loss.
# Takes a few minutes on 2 cores. Not a test.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
moelab_setup >/dev/null
cli="$MOELAB_BUILD/bin/moelab-cli"
out="$MOELAB_BUILD/lessons"

lesson() { # title, output folder, sweep options...
    local title=$1 dir=$2
    shift 2
    printf '\n## %s\n$ moelab-cli sweep %s\n' "$title" "$*"
    "$cli" sweep --seeds 3 --out "$out/$dir" "$@" 2>/dev/null | sed '/written to/d'
}

small=(--experts 1,2,4,8,16 --top-k 1 --expert-hidden 4 --dense-widths 4,8,16,32 --steps 3000)
lesson "(a) regions: experts vs dense at matched active compute" a-regions --dataset regions "${small[@]}"
lesson "(a) checkerboard: experts vs dense at matched active compute" a-checkerboard --dataset checkerboard "${small[@]}"
classroom=(--experts 8 --top-k 2 --dense-widths none)
lesson "(b) no balance loss" b-alpha0 "${classroom[@]}" --balance-loss 0
lesson "(b) balance loss alpha = 0.01" b-alpha001 "${classroom[@]}" --balance-loss 0.01
lesson "(c) capacity factor 1.0" c-cf1 "${classroom[@]}" --capacity-factor 1.0
lesson "(c) capacity factor 2.0" c-cf2 "${classroom[@]}" --capacity-factor 2.0
lesson "(d) expert choice, no balance loss" d-ec "${classroom[@]}" --router expert-choice --balance-loss 0
lesson "(d) aux-loss-free bias balancing, no balance loss" d-auxfree "${classroom[@]}" --router aux-free --balance-loss 0
