#!/usr/bin/env bash
# The benchmark suite, side by side with the PyTorch reference, in one session on this machine:
#   1. bench/reference_torch.py (Debian's python3-torch, installed here, not by the tests);
#   2. `moelab-cli bench --reference`: our tables, the ratios, the targets, and the chart of time
#      per step against E (docs/images/bench-time-vs-experts.{png,svg,csv});
#   3. the app itself under Xvfb (`moelab --measure 10`) at E = 8 and E = 64: training steps/s,
#      view refreshes/s and the longest UI-thread stall.
# Writes everything into docs/benchmarks.md between its "bench:begin" and "bench:end" markers.
# Takes about 10 minutes. Options: --quick (short runs, to try the script; docs untouched).
# Not a test: timings never gate CI.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
# PyTorch's GEMMs go through the system BLAS: Debian's default is the netlib reference (~20x slower
# at GEMMs), so OpenBLAS is installed to make the peer fair.
MOELAB_PACKAGES+=(python3-torch libopenblas0-pthread)
moelab_setup >/dev/null

quick=()
[ "${1:-}" = "--quick" ] && quick=(--quick)
out="$MOELAB_BUILD/bench"
mkdir -p "$out"
cli="$MOELAB_BUILD/bin/moelab-cli"
app="$MOELAB_BUILD/bin/moelab"
python=/usr/bin/python3 # Debian's, where python3-torch lives (not a virtualenv's)

moelab_log "PyTorch reference (bench/reference_torch.py)"
"$python" "$MOELAB_ROOT/bench/reference_torch.py" --json "$out/torch.json" "${quick[@]}"

moelab_log "moelab-cli bench"
images="$out"
[ ${#quick[@]} -eq 0 ] && images="$MOELAB_ROOT/docs/images"
"$cli" bench --reference "$out/torch.json" --json "$out/bench.json" --out "$images" \
    --format png,svg "${quick[@]}" | tee "$out/bench.md"

moelab_log "the app under Xvfb"
seconds=10
[ ${#quick[@]} -ne 0 ] && seconds=3
{
    echo
    echo "### The app while training (\`xvfb-run -a build/bin/moelab --measure $seconds\`)"
    echo
    echo "Default demo at 1280x720: the MoE and its dense baseline each take one batch per step;"
    echo "view refreshes are panels actually redrawn; a stall is the longest gap of a 5 ms timer on"
    echo "the UI thread beyond its 5 ms, after the first second."
    echo
    for experts in 8 64; do
        for run in 1 2 3; do
            line=$(XDG_CONFIG_HOME="$(mktemp -d)" xvfb-run -a -s "-screen 0 1920x1080x24" \
                "$app" --measure "$seconds" --experts "$experts" 2>/dev/null | tail -1)
            echo "- E = $experts, run $run: $line"
        done
    done
} | tee -a "$out/bench.md"

if [ ${#quick[@]} -eq 0 ]; then
    doc="$MOELAB_ROOT/docs/benchmarks.md"
    "$python" - "$doc" "$out/bench.md" <<'EOF'
import sys
doc, fresh = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
text = open(doc, encoding="utf-8").read()
begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(doc, "w", encoding="utf-8").write(head + begin + "\n" + fresh.strip() + "\n" + end + tail)
EOF
    moelab_log "docs/benchmarks.md updated"
fi
