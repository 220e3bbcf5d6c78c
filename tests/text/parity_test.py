#!/usr/bin/python3
"""Parity of the text engine with the PyTorch reference (bench/text_reference.py parity).

For each case a random model file (nanoGPT's initialisation, router state off its defaults) is
written by the reference, evaluated by `moelab-cli eval --logits --json` on a fixed text, and
recomputed in float64: every logit within 1e-4, the loss within 1e-5 relative, every MoE layer's
balance and z-loss within 1e-6 + 1e-4 relative, the char tokens the text's (see
bench/text_parity.py). The model's char tokenizer is built from the text without its last line,
so the last line's new characters exercise the unknown id.

  parity_test.py --cli build/bin/moelab-cli --work DIR [--case NAME ...]

Exits 77 (CTest's SKIP_RETURN_CODE) when PyTorch is not installed: it is the benchmark's
dependency (Debian's python3-torch), not the tests'.
"""

import argparse
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE = os.path.join(ROOT, "bench", "text_reference.py")

# Public-domain lines (Coriolanus, as in the Shakespeare corpus), then a line with characters the
# tokenizer text does not have.
TOKENIZER_TEXT = """First Citizen:
Before we proceed any further, hear me speak.

All:
Speak, speak.

First Citizen:
You are all resolved rather to die than to famish?

All:
Resolved. resolved.

First Citizen:
First, you know Caius Marcius is chief enemy to the people.

All:
We know't, we know't. Caf\u00e9 \u2014 na\u00efve!
"""
EVAL_TEXT = TOKENIZER_TEXT + "Let us kill him, and we'll have corn at our own price. \u00a7 42\n"

SMALL = ["--context", "16", "--width", "32", "--heads", "4", "--blocks", "2", "--experts", "4",
         "--top-k", "2", "--expert-hidden", "16", "--z-loss", "0.001", "--balance-loss", "0.01"]
CASES = {
    "dense": ["--moe-every", "0"],
    "topk": ["--router", "topk"],
    "topk-raw-gates": ["--router", "topk", "--raw-gates"],
    "switch": ["--router", "switch"],
    "noisy-topk": ["--router", "noisy-topk"],
    "expert-choice": ["--router", "expert-choice"],
    "aux-free": ["--router", "aux-free"],
    # k = 1, MoE on blocks 1 and 3 of 3, one shared expert
    "topk-k1-every2-shared": ["--router", "topk", "--top-k", "1", "--moe-every", "2",
                              "--blocks", "3", "--shared-experts", "1"],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True, help="path of moelab-cli")
    parser.add_argument("--work", required=True, help="folder for model files and outputs")
    parser.add_argument("--case", action="append", choices=sorted(CASES),
                        help="run only this case (repeatable); default all")
    args = parser.parse_args()
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch (Debian's python3-torch) is not installed: parity skipped")
        return 77
    if not os.access(args.cli, os.X_OK):
        print(f"{args.cli}: not an executable")
        return 1
    failed = []
    for name in args.case or sorted(CASES):
        work = os.path.join(args.work, name)  # one folder per case: CTest may run them at once
        os.makedirs(work, exist_ok=True)
        tokenizer_text = os.path.join(work, "tokenizer.txt")
        eval_text = os.path.join(work, "eval.txt")
        for path, text in ((tokenizer_text, TOKENIZER_TEXT), (eval_text, EVAL_TEXT)):
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
        command = [sys.executable, REFERENCE, "parity", "--cli", args.cli, "--text", eval_text,
                   "--tokenizer-text", tokenizer_text, "--work", work, *SMALL, *CASES[name]]
        print(f"== {name}: {' '.join(command)}", flush=True)
        if subprocess.run(command).returncode != 0:
            failed.append(name)
    print(f"parity: {len(failed)} of {len(args.case or CASES)} cases failed {failed or ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
