#!/usr/bin/env bash
# Screenshots of the real app under Xvfb, for the docs and for looking at what we build, each at
# 1280x720 (a laptop) and 1920x1080 (a projector): the default demo after training, 64 experts
# collapsing without a balance loss, a digits run, a finished capacity-versus-compute sweep, and
# the parameters and router-share views; then presentation mode at 1920x1080, the Text arena (its
# demo over time, each view, a typed sentence, presentation mode), every lesson's checked step,
# and three lesson steps in presentation mode.
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
# The Text arena's default demo after 10 s, 30 s and 2 minutes, each of its views, a typed
# sentence routed, and presentation mode.
for size in 1280x720 1920x1080; do
    shot text-10s-$size.png $size 10 --arena text
    shot text-30s-$size.png $size 30 --arena text
    shot text-2min-$size.png $size 120 --arena text
    shot text-tokens-$size.png $size 25 --arena text --view text-expert-tokens
    shot text-domains-$size.png $size 25 --arena text --dataset mixed --view text-domain-by-expert
    shot text-drops-$size.png $size 25 --arena text --view text-drops-by-position
    shot text-settling-$size.png $size 25 --arena text --view text-settling
    shot text-typed-$size.png $size 25 --arena text --passage "To be, or not to be: that is the question."
    shot text-present-$size.png $size 25 --arena text --present
done
cp "$out/text-30s-1280x720.png" "$out/text-1280x720.png" # the README's
# Each lesson at its first step, after it has trained and checked (lessons 9-12: the Text arena).
for lesson in 1 2 3 4 5 6 7 8 9 10 11 12; do
    shot lesson$lesson-1920x1080.png 1920x1080 22 --lesson $lesson
done
# The payoff step itself, at both sizes (step 1 has not run in this window: its comparison with
# step 1 says so), and lesson steps as a class sees them: presentation mode on a projector.
shot lesson3-step2-1280x720.png 1280x720 22 --lesson 3 --lesson-step 2
shot lesson3-step2-1920x1080.png 1920x1080 22 --lesson 3 --lesson-step 2
shot present-lesson3-step2-1920x1080.png 1920x1080 22 --present --lesson 3 --lesson-step 2
shot present-lesson6-1920x1080.png 1920x1080 22 --present --lesson 6
