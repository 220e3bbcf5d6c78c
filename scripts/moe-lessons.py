#!/usr/bin/env python3
"""The effects MoE Lab's lessons rely on, measured on the built-in grid demo (issue 15).

Drives `moelab-cli train --json` (one run at a time, --threads 1, --eval-every 0, every option
given explicitly) over seeds 1, 2, 3 and writes docs/measurements/lessons.md (tables: mean +- sd
over the seeds, and per-seed values where a lesson compares settings). Every run's JSON is cached
in docs/measurements/lessons-runs.jsonl: a rerun skips the runs already there.

    scripts/moe-lessons.py [--cli build/bin/moelab-cli] [--only a,b,...] [--seeds 1,2,3]
                           [--table-only]

Not a test. About 110 runs of 10-40 s each on one core.
"""
import argparse, datetime, json, math, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, 'docs', 'measurements', 'lessons-runs.jsonl')
OUT = os.path.join(ROOT, 'docs', 'measurements', 'lessons.md')
SWEEP_CSV = os.path.join(ROOT, 'docs', 'measurements', 'sweep-tradeoff.csv')

# The demo of issue 15, every option explicit (the program's defaults are not relied on).
DATA = ['--dataset', 'grid', '--grid-cells', '16', '--grid-classes', '4', '--samples', '20480',
        '--noise', '0', '--test-fraction', '0.2']
TRAIN = ['--width', '8', '--blocks', '2', '--activation', 'relu', '--optimizer', 'adam',
         '--lr', '0.01', '--weight-decay', '0', '--batch', '1024', '--steps', '3000',
         '--eval-every', '0', '--threads', '1', '--json']
MOE_DEFAULT = dict(experts=16, top_k=2, expert_hidden=16, router='topk', balance_loss=0.01,
                   capacity_factor='none')
MOE_FIXED = ['--drop-policy', 'position', '--z-loss', '0', '--shared-experts', '0',
             '--jitter', '0', '--bias-update-rate', '0.001']


def moe(**kw):
    c = dict(MOE_DEFAULT)
    c.update(kw)
    c['model'] = 'moe'
    return c


def dense(h):
    return dict(model='dense', hidden=h)


def args_of(c, seed):
    a = list(DATA) + ['--model', c['model']] + TRAIN
    if c['model'] == 'dense':
        a += ['--hidden', str(c['hidden'])]
    else:
        a += ['--hidden', '64',  # unused by an MoE; given so no default is relied on
              '--experts', str(c['experts']), '--top-k', str(c['top_k']),
              '--expert-hidden', str(c['expert_hidden']), '--router', c['router'],
              '--balance-loss', str(c['balance_loss']), '--capacity-factor', str(c['capacity_factor'])]
        a += MOE_FIXED
    return a + ['--seed', str(seed)]


def key_of(c, seed):  # values as strings: balance loss 0.01 and '0.01' are one run
    return json.dumps({k: str(v) for k, v in dict(c, seed=seed).items()}, sort_keys=True)


def load_cache():
    cache = {}
    if os.path.exists(CACHE):
        with open(CACHE) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    k = json.loads(r['key'])
                    r['key'] = key_of(k, k.pop('seed'))
                    cache[r['key']] = r
    return cache


def summarise(j):
    """The figures the tables use. Routing: both MoE blocks, over the whole run (--eval-every 0:
    the one evaluation is at the last step, so the window is every training step)."""
    s = dict(test_acc=j['test_acc'], train_acc=j['train_acc'], flops=j['flops_per_sample'],
             params=j['total_params'], ms=j['time_per_step_ms'],
             parts=j.get('time_per_step_breakdown_ms'))
    blocks = j.get('moe_blocks') or []
    if blocks:
        s['dead'] = sum(b['dead_experts'] for b in blocks)
        s['load_cv'] = statistics.mean(b['load_cv'] for b in blocks)
        s['dropped'] = statistics.mean(b['dropped_fraction'] for b in blocks)
        # a count over the window: the share is over the window's tokens (steps x batch)
        s['no_expert'] = statistics.mean(b['tokens_without_expert'] / (b['steps'] * j['batch_size'])
                                         for b in blocks)
    return s


def run(cli, cache, c, seed):
    k = key_of(c, seed)
    if k in cache:
        return cache[k]['s']
    a = args_of(c, seed)
    t0 = time.time()
    p = subprocess.run([cli, 'train'] + a, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"moelab-cli train {' '.join(a)} failed ({p.returncode}): {p.stderr[-2000:]}")
    j = json.loads(p.stdout)
    r = dict(key=k, args=a, wall_s=round(time.time() - t0, 1), s=summarise(j), json=j)
    with open(CACHE, 'a') as f:
        f.write(json.dumps(r) + '\n')
    cache[k] = r
    print(f"[{time.strftime('%H:%M:%S')}] {r['wall_s']:5.1f}s acc {r['s']['test_acc']:.3f}  {k}",
          flush=True)
    return r['s']


# ---------------------------------------------------------------- the plan
E_LIST = [1, 2, 4, 8, 16, 32, 64]


def moe_e(E):
    return moe(experts=E, top_k=1 if E == 1 else 2)


def dense_total_h(E, k, he):  # smallest h with 2 blocks x 4 d h >= the MoE's (router 2 d E + experts 4 d k he)
    return math.ceil(E / 2 + k * he)


FINE = [(8, 32, 1), (16, 16, 2), (32, 8, 4), (64, 4, 8)]
ROUTERS = [('topk', dict(router='topk')), ('switch (k 1)', dict(router='switch', top_k=1)),
           ('noisy-topk', dict(router='noisy-topk')),
           ('expert-choice, capacity 2', dict(router='expert-choice', capacity_factor='2')),
           ('expert-choice, capacity 1', dict(router='expert-choice', capacity_factor='1')),
           ('aux-free', dict(router='aux-free'))]


def plan(table):
    if table == 'a':
        for E in E_LIST:
            c = moe_e(E)
            yield c
            yield dense(dense_total_h(E, c['top_k'], 16))
        yield dense(32)
    elif table == 'b':
        for k in [1, 2, 4, 8]:
            yield moe(top_k=k)
    elif table == 'c':
        for a in ['0', '0.01', '0.1']:
            yield moe(balance_loss=a)
    elif table == 'd':
        for cf in ['0.5', '1', '1.25', '2', 'none']:
            yield moe(capacity_factor=cf)
    elif table == 'e':
        for E, he, k in FINE:
            yield moe(experts=E, expert_hidden=he, top_k=k)
            yield dense(dense_total_h(E, k, he))
    elif table == 'f':
        for bal in ['0.01', '0']:
            for _, o in ROUTERS:
                yield moe(balance_loss=bal, **o)


# ---------------------------------------------------------------- markdown
def ms(v, d=3):
    v = [x for x in v if x is not None]
    if not v:
        return '–'
    if len(v) == 1:
        return f"{v[0]:.{d}f}"
    return f"{statistics.mean(v):.{d}f} ± {statistics.stdev(v):.{d}f}"


def per_seed(v, d=3, sign=False):
    f = f"{{:+.{d}f}}" if sign else f"{{:.{d}f}}"
    return ' / '.join(f.format(x) for x in v)


def pct(v):
    return ms([x * 100 for x in v], 1) + '%' if v else '–'


class Tables:
    def __init__(self, cli, cache, seeds, execute):
        self.cli, self.cache, self.seeds, self.execute = cli, cache, seeds, execute
        self.missing = 0

    def get(self, c, field):
        out = []
        for s in self.seeds:
            if self.execute:
                r = run(self.cli, self.cache, c, s)
            else:
                rec = self.cache.get(key_of(c, s))
                r = rec['s'] if rec else None
            if r is None:
                self.missing += 1
                return []
            out.append(r[field] if field != 'parts' else r['parts'])
        return out

    def one(self, c, field):
        v = self.get(c, field)
        return v[0] if v else '–'


def table_a(T):
    L = ['## (a) Accuracy against E at fixed active compute',
         '',
         'k 2, expert width h_e 16 (E 1: k 1); the dense networks have the same width d 8 and 2 blocks. '
         '"Dense, total" is the smallest hidden h whose FLOPs reach the MoE\'s (router included): '
         'h = ceil(E/2 + k h_e). "Dense, expert" is h = k h_e = 32, the compute of the experts alone '
         '(its accuracy is the same on every row). Margin = MoE acc - dense-total acc, per seed in the last column. '
         'Dead experts: summed over both MoE blocks (2E experts); load CV: mean over the blocks.',
         '',
         '| E | k | MoE FLOPs | MoE acc | MoE acc per seed | dense h (total) | dense FLOPs | dense total acc | dense expert (h 32) acc | margin | margin per seed | dead experts | load CV |',
         '|---|---|---|---|---|---|---|---|---|---|---|---|---|']
    d32 = T.get(dense(32), 'test_acc')
    for E in E_LIST:
        c = moe_e(E)
        h = dense_total_h(E, c['top_k'], 16)
        ma, da = T.get(c, 'test_acc'), T.get(dense(h), 'test_acc')
        marg = [a - b for a, b in zip(ma, da)] if ma and da else []
        L.append(f"| {E} | {c['top_k']} | {T.one(c, 'flops')} | {ms(ma)} | {per_seed(ma)} | {h} | "
                 f"{T.one(dense(h), 'flops')} | {ms(da)} | {ms(d32)} | {ms(marg)} | {per_seed(marg, sign=True)} | "
                 f"{ms(T.get(c, 'dead'), 1)} | {ms(T.get(c, 'load_cv'), 2)} |")
    return L


def table_b(T):
    L = ['## (b) Top-k and the compute bill (E 16)',
         '',
         'Time per step: mean over the seeds of each run\'s mean, one thread, on a machine shared with '
         'two compiling engineers (load average 4-6 on 2 cores): upper bounds that move by 20-30% between runs.',
         '',
         '| k | FLOPs/sample | test acc | acc per seed | ms/step | routing | experts | rest | optimiser |',
         '|---|---|---|---|---|---|---|---|---|']
    for k in [1, 2, 4, 8]:
        c = moe(top_k=k)
        acc, parts = T.get(c, 'test_acc'), T.get(c, 'parts')
        p = lambda n: ms([x[n] for x in parts], 2) if parts else '–'
        L.append(f"| {k} | {T.one(c, 'flops')} | {ms(acc)} | {per_seed(acc)} | {ms(T.get(c, 'ms'), 2)} | "
                 f"{p('routing')} | {p('experts')} | {p('rest')} | {p('optimizer')} |")
    return L


def table_c(T):
    L = ['## (c) Balance loss (E 16, k 2)',
         '',
         'Per seed: seed 1 / seed 2 / seed 3. Dead experts summed over both blocks (32 experts in all).',
         '',
         '| balance loss | dead experts | dead per seed | load CV | load CV per seed | test acc | acc per seed |',
         '|---|---|---|---|---|---|---|']
    for a in ['0', '0.01', '0.1']:
        c = moe(balance_loss=a)
        dd, cv, acc = T.get(c, 'dead'), T.get(c, 'load_cv'), T.get(c, 'test_acc')
        L.append(f"| {a} | {ms(dd, 1)} | {per_seed(dd, 0)} | {ms(cv, 2)} | {per_seed(cv, 2)} | {ms(acc)} | {per_seed(acc)} |")
    return L


def table_d(T):
    L = ['## (d) Capacity factor (E 16, k 2, topk, balance loss 0.01)',
         '',
         'Dropped share: the routed slots (token, expert) over capacity, dropped, mean over the blocks and '
         'over all 3000 steps. Per seed: seed 1 / seed 2 / seed 3.',
         '',
         '| capacity factor | dropped share | dropped per seed | test acc | acc per seed |',
         '|---|---|---|---|---|']
    for cf in ['0.5', '1', '1.25', '2', 'none']:
        c = moe(capacity_factor=cf)
        dr, acc = T.get(c, 'dropped'), T.get(c, 'test_acc')
        L.append(f"| {cf} | {pct(dr)} | {' / '.join(f'{x*100:.1f}%' for x in dr)} | {ms(acc)} | {per_seed(acc)} |")
    return L


def table_e(T):
    L = ['## (e) Fine-grained experts at equal expert compute (k h_e = 32)',
         '',
         'Dense: same width and blocks, smallest h reaching the MoE\'s FLOPs (router included).',
         '',
         '| E | h_e | k | MoE FLOPs | MoE acc | acc per seed | dead experts | load CV | dense h | dense acc | margin per seed |',
         '|---|---|---|---|---|---|---|---|---|---|---|']
    for E, he, k in FINE:
        c = moe(experts=E, expert_hidden=he, top_k=k)
        h = dense_total_h(E, k, he)
        ma, da = T.get(c, 'test_acc'), T.get(dense(h), 'test_acc')
        marg = [a - b for a, b in zip(ma, da)] if ma and da else []
        L.append(f"| {E} | {he} | {k} | {T.one(c, 'flops')} | {ms(ma)} | {per_seed(ma)} | {ms(T.get(c, 'dead'), 1)} | "
                 f"{ms(T.get(c, 'load_cv'), 2)} | {h} | {ms(da)} | {per_seed(marg, sign=True)} |")
    return L


def table_f(T):
    L = ['## (f) Routers (E 16, h_e 16, k 2 unless stated, capacity none unless stated)',
         '',
         '"Dropped": routed slots over capacity. "No expert": the share of tokens that no expert processed '
         '(expert choice: tokens no expert picked; token-choice routers: tokens all of whose slots were dropped). '
         'Both are means over the blocks and over all 3000 steps. ms/step: one thread on the loaded machine '
         '(see table b), with the routing part in brackets.',
         '']
    for bal in ['0.01', '0']:
        L += [f'### Balance loss {bal}', '',
              '| router | FLOPs | test acc | acc per seed | load CV | dead experts | dropped | no expert | no expert per seed | ms/step (routing) |',
              '|---|---|---|---|---|---|---|---|---|---|']
        for name, o in ROUTERS:
            c = moe(balance_loss=bal, **o)
            acc, ne = T.get(c, 'test_acc'), T.get(c, 'no_expert')
            L.append(f"| {name} | {T.one(c, 'flops')} | {ms(acc)} | {per_seed(acc)} | {ms(T.get(c, 'load_cv'), 2)} | "
                     f"{ms(T.get(c, 'dead'), 1)} | {pct(T.get(c, 'dropped'))} | {pct(ne)} | "
                     f"{' / '.join(f'{x*100:.1f}%' for x in ne)} | {ms(T.get(c, 'ms'), 1)} "
                     f"({ms([x['routing'] for x in T.get(c, 'parts')], 1)}) |")
        L.append('')
    return L


TABLES = dict(a=table_a, b=table_b, c=table_c, d=table_d, e=table_e, f=table_f)


def header(cmd, seeds, fseeds, cache):
    walls = [r['wall_s'] for r in cache.values()]
    return ['# What the toy reproduces, on the grid demo (generated)',
            '',
            f'Generated by `{cmd}` on {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC from '
            f'{len(cache)} cached runs (`docs/measurements/lessons-runs.jsonl`, about {sum(walls)/60:.0f} min of one core). '
            'Do not edit by hand; rerun the script (it skips the runs in the cache).',
            '',
            f'Seeds {", ".join(map(str, seeds))}' + ('' if fseeds == seeds else
            f' (table f: seed{"s" if len(fseeds) > 1 else ""} {", ".join(map(str, fseeds))} only, for lack of time)')
            + '; tables give mean ± sd over the seeds. `--seed` seeds the data too, '
            'so each seed is a different random labelling of the grid as well as a different split, initialisation and shuffling.',
            '',
            'Every run is `moelab-cli train` with every option explicit:',
            '',
            '```',
            'moelab-cli train ' + ' '.join(DATA) + ' \\',
            '    --model moe --experts 16 --top-k 2 --expert-hidden 16 --router topk --balance-loss 0.01 \\',
            '    --capacity-factor none ' + ' '.join(MOE_FIXED) + ' --hidden 64 \\',
            '    ' + ' '.join(TRAIN) + ' --seed S',
            '```',
            '',
            'with the table\'s changes (a dense run: `--model dense --hidden H` and no MoE options). '
            'Routing figures (dead experts, load CV, dropped, no expert) come from the JSON\'s `moe_blocks`: with '
            '`--eval-every 0` the only evaluation is after the last step, so they cover all 3000 training steps. '
            'A dead expert is one that received no token in that window.',
            '']


SWEEP_CMD = ('moelab-cli sweep --dataset grid --grid-cells 16 --grid-classes 4 --samples 20480 --noise 0 \\\n'
             '    --test-fraction 0.2 --width 8 --blocks 2 --activation relu --optimizer adam --lr 0.01 \\\n'
             '    --weight-decay 0 --batch 1024 --steps 3000 --eval-every 0 --threads 1 --seed 1 --seeds 3 \\\n'
             '    --model moe --experts 2,4,8,16,32,64 --top-k 2 --expert-hidden 16 --router topk \\\n'
             '    --balance-loss 0.01 --capacity-factor none --drop-policy position --z-loss 0 \\\n'
             '    --shared-experts 0 --jitter 0 --bias-update-rate 0.001 \\\n'
             '    --dense-widths 17,24,33,40,48,64 --out build/sweep-grid --format png,svg\n'
             'cp build/sweep-grid/accuracy-vs-compute.png docs/images/sweep-accuracy-vs-flops.png\n'
             'cp build/sweep-grid/tradeoff.csv docs/measurements/sweep-tradeoff.csv')


def sweep_section():
    """The sweep is run by hand (SWEEP_CMD); this tabulates its tradeoff.csv and adds the notes."""
    import csv
    L = ['## The sweep picture: accuracy against FLOPs',
         '',
         '```sh', SWEEP_CMD, '```',
         '',
         '![Test accuracy against FLOPs per sample](../images/sweep-accuracy-vs-flops.png)',
         '']
    notes = os.path.join(os.path.dirname(OUT), 'sweep-notes.md')
    if os.path.exists(notes):
        with open(notes) as f:
            L += f.read().rstrip('\n').split('\n') + ['']
    if not os.path.exists(SWEEP_CSV):
        return L + ['(not run yet)']
    rows = {}
    with open(SWEEP_CSV) as f:
        for r in csv.DictReader(f):
            key = (r['kind'], int(r['experts'] or 0), int(r['top_k'] or 0), int(r['hidden'] or 0))
            rows.setdefault(key, []).append(r)
    L += ['Its `tradeoff.csv` (copied to `docs/measurements/sweep-tradeoff.csv`), mean ± sd over the seeds:', '',
          '| model | FLOPs/sample | total params | test acc | acc per seed | ms/step |',
          '|---|---|---|---|---|---|']
    for key in sorted(rows, key=lambda k: (int(rows[k][0]['flops_per_sample']), k[0])):
        rs = rows[key]
        name = f"MoE E {key[1]}, k {key[2]}" if key[0] == 'moe' else f"dense h {key[3]}"
        acc = [float(r['test_accuracy']) for r in rs]
        L.append(f"| {name} | {rs[0]['flops_per_sample']} | {rs[0]['total_params']} | {ms(acc)} | {per_seed(acc)} | "
                 f"{ms([float(r['time_per_step_ms']) for r in rs], 2)} |")
    return L


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cli', default=os.path.join(ROOT, 'build', 'bin', 'moelab-cli'))
    ap.add_argument('--only', default='a,b,c,d,e,f')
    ap.add_argument('--seeds', default='1,2,3')
    ap.add_argument('--f-seeds', default=None, help='seeds of table f (default: --seeds)')
    ap.add_argument('--table-only', action='store_true', help='write lessons.md from the cache, train nothing')
    o = ap.parse_args()
    seeds = [int(s) for s in o.seeds.split(',')]
    fseeds = [int(s) for s in o.f_seeds.split(',')] if o.f_seeds else seeds
    cache = load_cache()
    T = Tables(o.cli, cache, seeds, not o.table_only)
    TF = Tables(o.cli, cache, fseeds, not o.table_only)
    only = o.only.split(',')
    for t in only:  # train what is missing, table by table, rewriting the file after each
        for c in plan(t):
            for s in (fseeds if t == 'f' else seeds):
                if not o.table_only:
                    run(o.cli, cache, c, s)
        write(T, TF, cache)
    write(T, TF, cache)


def write(T, TF, cache):
    execute, T.execute, TF.execute = T.execute, False, False
    argv = sys.argv[1:]
    if '--cli' in argv:  # the build's path says nothing about the measurement
        i = argv.index('--cli')
        argv = argv[:i] + argv[i + 2:]
    L = header(' '.join(['scripts/moe-lessons.sh'] + argv), T.seeds, TF.seeds, cache)
    for name, fn in TABLES.items():
        L += fn(TF if name == 'f' else T) + ['']
    L += sweep_section()
    T.execute = TF.execute = execute
    with open(OUT, 'w') as f:
        f.write('\n'.join(L).rstrip('\n') + '\n')


if __name__ == '__main__':
    main()
