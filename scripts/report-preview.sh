#!/usr/bin/env bash
# The default demo's PDF report, as moelab-cli writes it without a window, and its pages as PNGs
# for looking at (pdftoppm): build/report/report.pdf and build/report/page-N.png.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
moelab_setup >/dev/null
out="$MOELAB_BUILD/report"
mkdir -p "$out"
cli="$MOELAB_BUILD/bin/moelab-cli"
# The demo's experiment, as compare writes it beside its charts, then its report.
"$cli" compare --steps 10 --out "$out/demo" --format png >/dev/null
"$cli" report --config "$out/demo/experiment.json" --steps 3000 --out "$out/report.pdf"
rm -f "$out"/page-*.png
pdftoppm -r 72 -png "$out/report.pdf" "$out/page"
ls "$out"/page-*.png
