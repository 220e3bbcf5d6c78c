#!/usr/bin/env bash
# Screenshots of the real app under Xvfb, for the docs and for looking at what we build, each at
# 1280x720 (a laptop) and 1920x1080 (a projector): the default demo after training, 64 experts
# collapsing without a balance loss, a digits run, a finished capacity-versus-compute sweep, and
# the parameters and router-share views; then presentation mode at 1920x1080, every lesson's checked step, and three
# lesson steps in presentation mode.
# Writes PNGs to docs/images/ (or the folder given as the first argument).
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
moelab_setup >/dev/null
out="${1:-$MOELAB_ROOT/docs/images}"
mkdir -p "$out"
app="$MOELAB_BUILD/bin/moelab"
export XDG_CONFIG_HOME="$(mktemp -d)" # a fresh window layout, not the user's saved one

shot() { # file, size, seconds, app options...
    local file=$1 size=$2 seconds=$3
    shift 3
    xvfb-run -a -s "-screen 0 1920x1080x24" "$app" --screenshot "$out/$file" --size "$size" \
        --after "$seconds" "$@"
}
for size in 1280x720 1920x1080; do
    shot demo-10s-$size.png $size 10
    shot demo-30s-$size.png $size 30
    shot demo-$size.png $size 68 # the budget's end: paused at step 3,000
    shot collapse-e64-$size.png $size 10 --experts 64 --balance-loss 0
    shot digits-$size.png $size 10 --dataset digits
    # Trains the demo for 4 s, then the sweep; the picture is taken when the sweep is done.
    shot sweep-$size.png $size 4 --sweep 2000 --view accuracy
    shot capacity-$size.png $size 6 --view parameters
done
# The router's share of the MoE block's FLOPs (docs/app.md shows the 1280x720 one).
shot router-share.png 1280x720 3 --view router
shot router-share-1920x1080.png 1920x1080 3 --view router
shot presentation-1920x1080.png 1920x1080 30 --present
shot dark-1920x1080.png 1920x1080 30 --theme dark
# Each lesson at its first step, after it has trained (1,000 steps at 60 steps/s) and checked.
for lesson in 1 2 3 4 5 6 7 8; do
    shot lesson$lesson-1920x1080.png 1920x1080 22 --lesson $lesson
done
# The payoff step itself, at both sizes (step 1 has not run in this window: its comparison with
# step 1 says so), and lesson steps as a class sees them: presentation mode on a projector.
shot lesson3-step2-1280x720.png 1280x720 22 --lesson 3 --lesson-step 2
shot lesson3-step2-1920x1080.png 1920x1080 22 --lesson 3 --lesson-step 2
shot present-lesson3-step2-1920x1080.png 1920x1080 22 --present --lesson 3 --lesson-step 2
shot present-lesson6-1920x1080.png 1920x1080 22 --present --lesson 6
