#!/usr/bin/env bash
# MoE training cost: time per step against the number of experts E at k = 2 (the classroom
# configuration: spiral, width 16, expert hidden 32, batch 64, 1 thread), split into the
# forward + backward pass and the optimiser update; then 1 vs 2 threads on a configuration large
# enough for threads to matter (E 16, h 256, d 64, batch 1024), with the losses of both.
# Median of 5 runs each. Prints Markdown tables for docs/benchmarks.md. Not a test.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
moelab_setup >/dev/null
cli="$MOELAB_BUILD/bin/moelab-cli"
runs=5

field() { sed -n "s/.*\"$1\": \([-0-9.e+]*\).*/\1/p"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# prints: median total ms/step, median optimiser ms/step, total params, active params, train loss
measure() {
    local i out totals=() optims=() params active loss
    for i in $(seq "$runs"); do
        out=$("$cli" train --json "$@")
        totals+=("$(field time_per_step_ms <<<"$out")")
        optims+=("$(field optimizer_ms_per_step <<<"$out")")
    done
    params=$(field total_params <<<"$out")
    active=$(field active_params_per_sample <<<"$out")
    loss=$(field train_loss <<<"$out")
    printf '%.3f %.3f %s %s %s\n' "$(printf '%s\n' "${totals[@]}" | median)" \
        "$(printf '%s\n' "${optims[@]}" | median)" "$params" "$active" "$loss"
}

echo "### Time per training step against E (k = 2, batch 64, 1 thread, 2000 steps)"
echo
echo "| model | E | total params | active params/sample | ms/step | forward+backward ms | optimiser ms |"
echo "|---|---|---|---|---|---|---|"
read -r t o p a _ <<<"$(measure --model dense --hidden 64 --steps 2000 --threads 1)"
echo "| dense h=64 (matched compute) | - | $p | $a | $t | $(awk "BEGIN{printf \"%.3f\", $t-$o}") | $o |"
for experts in 4 8 16 32 64; do
    read -r t o p a _ <<<"$(measure --model moe --experts "$experts" --top-k 2 --steps 2000 --threads 1)"
    echo "| MoE | $experts | $p | $a | $t | $(awk "BEGIN{printf \"%.3f\", $t-$o}") | $o |"
done

echo
echo "### Threads (MoE E=16, h=256, d=64, batch 1024, 20,000 spiral samples, 60 steps)"
echo
echo "| threads | ms/step | optimiser ms | final train loss |"
echo "|---|---|---|---|"
for threads in 1 2; do
    read -r t o _ _ loss <<<"$(measure --model moe --experts 16 --expert-hidden 256 --width 64 \
        --batch 1024 --samples 20000 --steps 60 --threads "$threads")"
    echo "| $threads | $t | $o | $loss |"
done
