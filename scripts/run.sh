#!/usr/bin/env bash
# Sets everything up (missing Debian packages, Release build in build/) and opens MoE Lab on its
# default demo: an MoE and its dense baseline learning the spiral, side by side. Without a display
# it says so and runs the command-line demo instead. Extra arguments go to the program.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
moelab_setup
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    moelab_log "opening the app: $MOELAB_BUILD/bin/moelab $*"
    exec "$MOELAB_BUILD/bin/moelab" "$@"
fi
moelab_log "no display (DISPLAY and WAYLAND_DISPLAY are unset): running the command-line demo instead"
exec "$MOELAB_BUILD/bin/moelab-cli" demo "$@"
