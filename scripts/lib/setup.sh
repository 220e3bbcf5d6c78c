# Shared set-up of scripts/run.sh and scripts/test.sh (sourced, not run).
# 1. installs the Debian packages the project needs, only those missing (sudo when not root);
# 2. configures the build of the CMake preset $MOELAB_PRESET (default "release", in build/; any
#    other preset P builds in build-P/, e.g. MOELAB_PRESET=ci for CI's warnings-as-errors build,
#    MOELAB_PRESET=native for this CPU only), ccache when available;
# 3. builds it. Nothing is downloaded except through apt-get.

set -euo pipefail

MOELAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MOELAB_PRESET="${MOELAB_PRESET:-release}"
if [ "$MOELAB_PRESET" = release ]; then
    MOELAB_BUILD="$MOELAB_ROOT/build"
else
    MOELAB_BUILD="$MOELAB_ROOT/build-$MOELAB_PRESET"
fi

# What the build, the tests, the screenshots, the report preview and the .deb need, all from
# Debian 12 (help2man writes moelab-cli's man page; dpkg-dev's dpkg-shlibdeps the .deb's Depends).
MOELAB_PACKAGES=(
    cmake ninja-build g++ ccache help2man dpkg-dev
    libeigen3-dev libsentencepiece-dev libopenblas-dev
    qt6-base-dev qt6-charts-dev qt6-svg-dev libgl-dev
    xvfb xauth
    poppler-utils
    parallel
)

moelab_log() { printf '\033[1m[moelab]\033[0m %s\n' "$*"; }

moelab_install_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        moelab_log "not a Debian system: install ${MOELAB_PACKAGES[*]} (or your platform's equivalents) yourself"
        return 0
    fi
    local missing=() pkg
    for pkg in "${MOELAB_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        moelab_log "all system packages present"
        return 0
    fi
    moelab_log "installing missing packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { moelab_log "need root or sudo to install: ${missing[*]}"; exit 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

moelab_build() {
    local launcher=()
    if command -v ccache >/dev/null 2>&1; then
        launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        # Paths hashed relative to the checkout, so clones and worktrees share cached objects.
        export CCACHE_BASEDIR="$MOELAB_ROOT"
    fi
    moelab_log "configuring (preset $MOELAB_PRESET) in $MOELAB_BUILD"
    (cd "$MOELAB_ROOT" && cmake --preset "$MOELAB_PRESET" "${launcher[@]}" >/dev/null)
    moelab_log "building"
    cmake --build "$MOELAB_BUILD" --parallel "$(nproc 2>/dev/null || echo 2)"
}

moelab_setup() {
    moelab_install_packages
    moelab_build
}
