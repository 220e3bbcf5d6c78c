#!/usr/bin/env bash
# Dense training throughput (samples/s) at 1 and 2 threads: the median of 5 runs of moelab-cli,
# for the default demo configuration and for a larger one where the products are big enough to
# be split over threads. Prints a Markdown table for docs/benchmarks.md. Not a test.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
moelab_setup >/dev/null
cli="$MOELAB_BUILD/bin/moelab-cli"
runs=5

median_rate() { # args: moelab-cli train options
    local i rates=()
    for i in $(seq "$runs"); do
        rates+=("$("$cli" train --json "$@" | sed -n 's/.*"samples_per_second": \([0-9.e+]*\).*/\1/p')")
    done
    printf '%s\n' "${rates[@]}" | sort -g | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.0f %.0f %.0f", m, a[1], a[NR]}'
}

configs=(
    "default demo (spiral, d 16, h 64, 2 blocks, batch 64)|--steps 5000"
    "large (20k samples, d 64, h 256, 2 blocks, batch 1024)|--samples 20000 --width 64 --hidden 256 --batch 1024 --steps 300"
)
echo "| configuration | threads | samples/s (median of $runs) | min | max |"
echo "|---|---|---|---|---|"
for entry in "${configs[@]}"; do
    name=${entry%%|*}
    read -r -a opts <<<"${entry#*|}"
    for threads in 1 2; do
        read -r med lo hi <<<"$(median_rate "${opts[@]}" --threads "$threads")"
        echo "| $name | $threads | $med | $lo | $hi |"
    done
done
