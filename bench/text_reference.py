#!/usr/bin/python3
"""The PyTorch reference for MoE Lab's text engine (docs/text.md): a tiny decoder-only transformer
with dense or MoE feed-forward layers, written the usual way (bench/text_model.py).

Run with Debian's /usr/bin/python3 and python3-torch (the benchmark's dependency, not the tests').

  parity    the C++ engine's `moelab-cli eval` against this model in float64, on a model file
            (or a random one it writes): logits, loss, balance and z-loss of every MoE layer
  speed     training steps per second at the nanogpt, moe and large configurations, 1 and 2
            threads, and this PyTorch's SGEMM GFLOP/s and BLAS
  train     nanoGPT's shakespeare_char recipe, for the validation-loss peer
  selftest  checks of this model on its own (causality, float32 against float64, ln V, files)
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import torch  # noqa: F401
except ImportError:
    print("PyTorch is not installed: apt-get install python3-torch (Debian), and run this with "
          "/usr/bin/python3", file=sys.stderr)
    sys.exit(77)  # CTest's SKIP_RETURN_CODE in the tests that run this

import text_parity  # noqa: E402
import text_selftest  # noqa: E402
import text_speed  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    parity = commands.add_parser("parity", help="the C++ engine's logits and losses against this")
    text_parity.add_arguments(parity)
    parity.set_defaults(run=text_parity.main)

    speed = commands.add_parser("speed", help="training speed at fixed configurations")
    speed.add_argument("--config", default="nanogpt,moe,large",
                       help="comma-separated: " + ", ".join(text_speed.CONFIGS))
    speed.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    speed.add_argument("--steps", type=int, default=30, help="timed steps per case")
    speed.add_argument("--warmup", type=int, default=5, help="steps before timing")
    speed.add_argument("--json", required=True, help="file to write the results to")
    speed.add_argument("--passive-wait", action="store_true",
                       help="OMP_WAIT_POLICY=PASSIVE: idle OpenMP threads sleep (busy machines)")
    speed.add_argument("--child-threads", type=int, help=argparse.SUPPRESS)
    speed.set_defaults(run=lambda a: text_speed.child(a) if a.child_threads else
                       text_speed.speed(a))

    train = commands.add_parser("train", help="nanoGPT's shakespeare_char run, the quality peer")
    train.add_argument("--corpus", required=True, help="text file (char level, 90%% / 10%%)")
    train.add_argument("--model", choices=("dense", "moe"), default="dense")
    train.add_argument("--experts", type=int, default=8)
    train.add_argument("--expert-hidden", type=int, default=256)
    train.add_argument("--moe-every", type=int, default=1)
    train.add_argument("--steps", type=int, default=2000)
    train.add_argument("--warmup", type=int, default=100)
    train.add_argument("--batch", type=int, default=12)
    train.add_argument("--eval-every", type=int, default=250)
    train.add_argument("--eval-batches", type=int, default=20)
    train.add_argument("--threads", type=int, default=1)
    train.add_argument("--seed", type=int, default=1337)
    train.add_argument("--json", required=True)
    train.set_defaults(run=text_speed.train)

    selftest = commands.add_parser("selftest", help="checks of the model on its own")
    selftest.set_defaults(run=text_selftest.main)

    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
