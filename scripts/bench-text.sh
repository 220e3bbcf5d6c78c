#!/usr/bin/env bash
# The text engine's training speed, side by side with the PyTorch reference, in one session on
# this machine (docs/benchmarks.md, "Text engine"):
#   1. `moelab-cli train --task text ... --json` at the nanogpt (dense, 4 blocks, d 128, context
#      64, batch 12), moe (the same with MoE on every block, E 8, k 2, h 128 and h 256) and large
#      (d 256, context 128, batch 16, E 16, k 2, h 256, and its dense hD 1024) configurations,
#      with --threads 1 and 2;
#   2. bench/text_reference.py speed: the same shapes and training step in PyTorch, and its
#      SGEMM GFLOP/s;
#   3. bench/text_table.py: the table, written into docs/benchmarks.md's "Text engine" section.
# Options: --quick (few steps, to try the script; docs untouched); --quality (also nanoGPT's
# shakespeare_char recipe, 2000 steps at 1 thread, trained by both: the validation loss and wall
# time; about 10 more minutes); --passive-wait (OMP_WAIT_POLICY=PASSIVE for both programs: on a
# machine other work keeps busy, OpenMP threads spinning at barriers can make 2 threads several
# times slower than 1). Not a test: timings never gate CI. Takes about 10 minutes.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
# PyTorch's GEMMs go through the system BLAS: Debian's default is the netlib reference (~20x slower
# at GEMMs), so OpenBLAS is installed to make the peer fair.
MOELAB_PACKAGES+=(python3-torch libopenblas0-pthread)
# MOELAB_CLI=PATH measures a moelab-cli built elsewhere (packages checked, nothing built)
if [ -n "${MOELAB_CLI:-}" ]; then
    moelab_install_packages >/dev/null
else
    moelab_setup >/dev/null
fi

quick=0 quality=0
for option in "$@"; do
    case "$option" in
    --quick) quick=1 ;;
    --quality) quality=1 ;;
    --passive-wait) export OMP_WAIT_POLICY=PASSIVE ;;
    *) moelab_log "unknown option $option (--quick, --quality, --passive-wait)" && exit 2 ;;
    esac
done
out="$MOELAB_BUILD/bench-text"
mkdir -p "$out"
cli="${MOELAB_CLI:-$MOELAB_BUILD/bin/moelab-cli}"
python=/usr/bin/python3 # Debian's, where python3-torch lives (not a virtualenv's)

help=$("$cli" train --task text --help 2>&1 || true)
if ! grep -q -- '--corpus' <<<"$help"; then
    moelab_log "$cli has no text engine (\`train --task text\`, issue 18): build a checkout" \
        "that has it; nothing was measured"
    exit 1
fi

steps=40 large_steps=12 warmup=5
[ "$quick" -eq 1 ] && steps=4 large_steps=2 warmup=1

# config, model label, then moelab-cli's options for it
nanogpt="--context 64 --width 128 --heads 4 --blocks 4 --batch 12"
large="--context 128 --width 256 --heads 4 --blocks 4 --batch 16"
cases=(
    "nanogpt|dense hD 512|$nanogpt --model dense --hidden 512"
    "moe|MoE E8 k2 h128|$nanogpt --model moe --experts 8 --top-k 2 --expert-hidden 128"
    "moe|MoE E8 k2 h256|$nanogpt --model moe --experts 8 --top-k 2 --expert-hidden 256"
    "large|MoE E16 k2 h256|$large --model moe --experts 16 --top-k 2 --expert-hidden 256"
    "large|dense hD 1024|$large --model dense --hidden 1024"
)
moe_options="--router topk --capacity-factor 1.25 --drop-policy position --moe-every 1"
moe_options+=" --balance-loss 0.01 --z-loss 0.001"

manifest="$out/runs.tsv"
: >"$manifest"
moelab_log "moelab-cli train --task text"
for threads in 1 2; do
    for case in "${cases[@]}"; do
        IFS='|' read -r config label options <<<"$case"
        n=$steps
        [ "$config" = large ] && n=$large_steps
        extra=""
        [[ "$options" == *"--model moe"* ]] && extra="$moe_options"
        json="$out/ours-${config}-${label// /_}-t${threads}.json"
        # shellcheck disable=SC2086,SC2206 # the options are words
        command=("$cli" train --task text --corpus shakespeare --tokenizer char $options $extra
            --steps "$n" --lr 0.001 --warmup 0 --min-lr 0.0001 --weight-decay 0.1 --grad-clip 1
            --eval-every "$n" --seed 1 --threads "$threads" --json)
        if ! "${command[@]}" >"$json" 2>"$json.err"; then
            moelab_log "failed: ${command[*]}"
            cat "$json.err" >&2
            exit 1
        fi
        printf '%s\t%s\t%s\t%s\t%s\n' "$config" "$label" "$threads" "$json" \
            "${command[*]/#$MOELAB_ROOT\//}" >>"$manifest"
        moelab_log "$config $label, $threads thread(s): done"
    done
done

moelab_log "PyTorch reference (bench/text_reference.py speed)"
"$python" "$MOELAB_ROOT/bench/text_reference.py" speed --config nanogpt,moe,large --threads 1,2 \
    --steps "$steps" --warmup "$warmup" --json "$out/torch.json"

table=()
if [ "$quality" -eq 1 ]; then
    recipe=(--steps 2000 --warmup 100 --eval-every 250)
    [ "$quick" -eq 1 ] && recipe=(--steps 20 --warmup 5 --eval-every 10)
    moelab_log "quality: nanoGPT's shakespeare_char recipe, MoE Lab"
    # shellcheck disable=SC2086 # the options are words
    "$cli" train --task text --corpus shakespeare --tokenizer char $nanogpt --model dense \
        --hidden 512 "${recipe[@]}" --lr 0.001 --min-lr 0.0001 --weight-decay 0.1 --grad-clip 1 \
        --seed 1 --threads 1 --json >"$out/quality-ours.json"
    moelab_log "quality: the PyTorch reference"
    # the corpus file behind --corpus shakespeare (MOELAB_SHAKESPEARE overrides where it is)
    corpus="${MOELAB_SHAKESPEARE:-$MOELAB_ROOT/datasets/data/text/shakespeare.txt}"
    if [ ! -r "$corpus" ]; then
        moelab_log "no $corpus: set MOELAB_SHAKESPEARE to the corpus file"
        exit 1
    fi
    "$python" "$MOELAB_ROOT/bench/text_reference.py" train --corpus "$corpus" "${recipe[@]}" \
        --threads 1 --json "$out/quality-torch.json"
    table=(--quality-ours "$out/quality-ours.json" --quality-torch "$out/quality-torch.json")
fi

doc=()
[ "$quick" -eq 0 ] && doc=(--doc "$MOELAB_ROOT/docs/benchmarks.md")
"$python" "$MOELAB_ROOT/bench/text_table.py" --manifest "$manifest" --torch "$out/torch.json" \
    "${table[@]}" "${doc[@]}" | tee "$out/text.md"
[ "$quick" -eq 0 ] && moelab_log "docs/benchmarks.md updated (section \"Text engine\")"
exit 0
