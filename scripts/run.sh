#!/usr/bin/env bash
# Sets everything up (missing Debian packages, Release build in build/) and runs MoE Lab's default
# demo. Until the GUI lands this is the command-line demo; extra arguments are passed to it.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
moelab_setup
moelab_log "running the default demo: build/bin/moelab-cli demo $*"
exec "$MOELAB_BUILD/bin/moelab-cli" demo "$@"
