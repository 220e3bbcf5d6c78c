#!/usr/bin/env bash
# Screenshots of the real app under Xvfb, for the docs and for looking at what we build:
# the default demo at 1280x720 and 1920x1080, 64 experts collapsing without a balance loss, and a
# digits run. Writes PNGs to docs/images/ (or the folder given as the first argument).
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
shot demo-1280x720.png 1280x720 8
shot demo-1920x1080.png 1920x1080 8
shot collapse-e64-1920x1080.png 1920x1080 10 --experts 64 --balance-loss 0
shot digits-1280x720.png 1280x720 10 --dataset digits
shot capacity-1280x720.png 1280x720 6 --capacity-view
