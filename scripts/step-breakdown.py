#!/usr/bin/env python3
"""Where a step's time goes on the grid demo of issue 15: E 8, 64, 256 at k 2 and the dense h 40.

    scripts/step-breakdown.py [--cli build/bin/moelab-cli] [--rounds 3] [--steps 1000]

Runs `moelab-cli train --json --threads 1 --eval-every 0` on the demo settings (seed 1; 1000 steps
rather than the demo's 3000 by default, to save time: the figures are means per step), the four
models interleaved (E 8, E 64, E 256, dense, E 8, ...) for --rounds rounds, one process at a time,
and prints a markdown table of the median of each part of `time_per_step_breakdown_ms` over the
rounds (each part's median taken on its own). Not a test.
"""
import argparse, json, os, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = ['--dataset', 'grid', '--grid-cells', '16', '--grid-classes', '4', '--samples', '20480',
        '--noise', '0', '--test-fraction', '0.2', '--width', '8', '--blocks', '2',
        '--activation', 'relu', '--optimizer', 'adam', '--lr', '0.01', '--weight-decay', '0',
        '--batch', '1024', '--eval-every', '0', '--threads', '1', '--seed', '1',
        '--json']


def moe(E):
    return ['--model', 'moe', '--hidden', '64', '--experts', str(E), '--top-k', '2',
            '--expert-hidden', '16', '--router', 'topk', '--balance-loss', '0.01',
            '--capacity-factor', 'none', '--drop-policy', 'position', '--z-loss', '0',
            '--shared-experts', '0', '--jitter', '0', '--bias-update-rate', '0.001']


MODELS = [('MoE E 8', moe(8)), ('MoE E 64', moe(64)), ('MoE E 256', moe(256)),
          ('dense h 40', ['--model', 'dense', '--hidden', '40'])]
PARTS = ['routing', 'experts', 'rest', 'optimizer', 'total']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cli', default=os.path.join(ROOT, 'build', 'bin', 'moelab-cli'))
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--steps', type=int, default=1000, help='steps per run (the demo trains 3000)')
    o = ap.parse_args()
    res = {name: [] for name, _ in MODELS}
    info = {}
    for r in range(o.rounds):
        for name, a in MODELS:
            p = subprocess.run([o.cli, 'train'] + BASE + ['--steps', str(o.steps)] + a, capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit(p.stderr)
            j = json.loads(p.stdout)
            res[name].append(j['time_per_step_breakdown_ms'])
            info[name] = (j['total_params'], j['flops_per_sample'], j['test_acc'])
            print(f"round {r + 1} {name}: {j['time_per_step_breakdown_ms']}", file=sys.stderr, flush=True)
    print('| model | total params | FLOPs/sample | routing | experts | rest | optimiser | total ms/step |')
    print('|---|---|---|---|---|---|---|---|')
    for name, _ in MODELS:
        med = {p: statistics.median(x[p] for x in res[name]) for p in PARTS}
        params, flops, _ = info[name]
        print(f"| {name} | {params:,} | {flops:,} | " + ' | '.join(f"{med[p]:.3f}" for p in PARTS) + ' |')


if __name__ == '__main__':
    main()
