#!/usr/bin/python3
"""MoE Lab payoff search: random-label grid data, MoE vs dense (same width d and blocks,
FFN hidden h matched to FLOPs) via moelab-cli train --json. Results are cached in
raw.jsonl (one JSON line per run, keyed by the exact argument list) and exported to raw.csv.
Usage: scripts/payoff-search.py <stage>   (stages defined at the bottom)"""
import json, os, random, subprocess, sys, time, statistics, csv, math, itertools

# The CLI of a release build (scripts/test.sh or scripts/run.sh builds it); results, the
# generated CSVs and the run cache go to $MOELAB_SEARCH_DIR (default build/payoff-search).
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.environ.get('MOELAB_CLI', os.path.join(ROOT, 'build', 'bin', 'moelab-cli'))
ENV = dict(os.environ)
WD = os.environ.get('MOELAB_SEARCH_DIR', os.path.join(ROOT, 'build', 'payoff-search'))
os.makedirs(WD, exist_ok=True)
RAW = os.path.join(WD, 'raw.jsonl')

# ---------- data ----------
def grid_csv(K, C, n, dseed=7):
    """x uniform in [-1,1]^2, K x K cells, each cell a seeded random class of C."""
    path = os.path.join(WD, 'data', f'grid_K{K}_C{C}_n{n}_s{dseed}.csv')
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        r = random.Random(dseed)
        lab = [r.randrange(C) for _ in range(K * K)]
        with open(path + '.tmp', 'w') as f:
            f.write('x1,x2,label\n')
            for _ in range(n):
                x1 = r.uniform(-1, 1); x2 = r.uniform(-1, 1)
                i = min(int((x1 + 1) / 2 * K), K - 1); j = min(int((x2 + 1) / 2 * K), K - 1)
                f.write(f'{x1:.6f},{x2:.6f},{lab[i * K + j]}\n')
        os.replace(path + '.tmp', path)
    return path

# ---------- runs ----------
_cache = None
def cache():
    global _cache
    if _cache is None:
        _cache = {}
        if os.path.exists(RAW):
            for line in open(RAW):
                r = json.loads(line); _cache[r['key']] = r
    return _cache

DEF = dict(K=16, C=4, n=20000, dseed=7, d=8, blocks=2, E=16, k=2, he=8, router='topk',
           bal=0.01, cap='none', batch=256, lr=0.003, steps=3000, seed=1, shared=0, act='relu')

def args_of(c, model, h=None):
    a = ['train', '--dataset', grid_csv(c['K'], c['C'], c['n'], c['dseed']), '--model', model,
         '--width', str(c['d']), '--blocks', str(c['blocks']), '--activation', c['act'],
         '--batch', str(c['batch']), '--lr', str(c['lr']), '--steps', str(c['steps']),
         '--seed', str(c['seed']), '--threads', '1', '--eval-every', '0', '--json']
    if model == 'moe':
        a += ['--experts', str(c['E']), '--top-k', str(c['k']), '--expert-hidden', str(c['he']),
              '--router', c['router'], '--balance-loss', str(c['bal']),
              '--capacity-factor', str(c['cap']), '--shared-experts', str(c['shared'])]
    else:
        a += ['--hidden', str(h)]
    return a

def run(c, model, h=None, tag=''):
    c = dict(DEF, **c)
    a = args_of(c, model, h)
    key = ' '.join(a)
    cc = cache()
    if key in cc:
        return cc[key]
    t0 = time.time()
    p = subprocess.run([CLI] + a, env=ENV, capture_output=True, text=True)
    wall = time.time() - t0
    if p.returncode != 0:
        r = dict(key=key, error=p.stderr.strip()[:300])
    else:
        j = json.loads(p.stdout)
        blocks = j.get('moe_blocks', [])
        r = dict(key=key, test_acc=j['test_acc'], train_acc=j['train_acc'],
                 flops=j['flops_per_sample'], params=j['total_params'],
                 ms_step=j['time_per_step_ms'], wall=wall,
                 dead=sum(b['dead_experts'] for b in blocks) if blocks else '',
                 load_cv=statistics.mean(b['load_cv'] for b in blocks) if blocks else '',
                 dropped=statistics.mean(b['dropped_fraction'] for b in blocks) if blocks else '',
                 load_cv_per_block=[round(b['load_cv'], 3) for b in blocks])
    r.update(dict(model=model, h=h, tag=tag, **{f'c_{kk}': v for kk, v in c.items()}))
    cc[key] = r
    with open(RAW, 'a') as f:
        f.write(json.dumps(r) + '\n')
    print(f"[{wall:5.1f}s] {tag} {model} h={h} " + ' '.join(f'{kk}={c[kk]}' for kk in ('K','C','n','d','blocks','E','k','he','router','bal','cap','batch','lr','steps','seed'))
          + f" -> {r.get('test_acc', r.get('error'))} flops={r.get('flops')}", flush=True)
    return r

def dense_flops(c, h):
    """FLOPs per sample of the dense net, as the CLI reports (probe cached with steps 1)."""
    r = run(dict(c, steps=1, seed=1), 'dense', h, tag='probe')
    return r['flops']

def match_total_h(c, moe_flops):
    """Smallest dense hidden width whose FLOPs (CLI) >= the MoE's FLOPs (router included)."""
    c = dict(DEF, **c)
    h = max(1, c['k'] * c['he'] + c['shared'] * c['he'] + c['E'] // 2 - 2)
    while dense_flops(c, h) < moe_flops:
        h += 1
    while h > 1 and dense_flops(c, h - 1) >= moe_flops:
        h -= 1
    return h

def match_expert_h(c):
    c = dict(DEF, **c)
    return (c['k'] + c['shared']) * c['he']

def compare(c, seeds=(1,), tag='', expert_match=False):
    """MoE and its dense matched-total-compute baseline (and optionally matched-expert) over seeds."""
    out = []
    for s in seeds:
        cs = dict(c, seed=s)
        m = run(cs, 'moe', tag=tag)
        if 'error' in m:
            return None
        h = match_total_h(cs, m['flops'])
        dn = run(cs, 'dense', h, tag=tag)
        row = dict(moe=m, dense=dn, h=h)
        if expert_match:
            row['dense_e'] = run(cs, 'dense', match_expert_h(cs), tag=tag)
        out.append(row)
    return out

def ms(v):
    v = [x for x in v if x != '' and x is not None]
    if not v: return ''
    if len(v) == 1: return f'{v[0]:.3f}'
    return f'{statistics.mean(v):.3f} ± {statistics.stdev(v):.3f}'

def mean(v):
    return statistics.mean(v)

def export_csv():
    rows = list(cache().values())
    keys = sorted({k for r in rows for k in r if k != 'key'})
    with open(os.path.join(WD, 'raw.csv'), 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=keys + ['key'])
        w.writeheader()
        for r in rows:
            w.writerow({k: (json.dumps(v) if isinstance(v, list) else v) for k, v in r.items()})

def md(path, lines, mode='a'):
    with open(os.path.join(WD, path), mode) as f:
        f.write('\n'.join(lines) + '\n\n')
    print('\n'.join(lines), flush=True)

# ---------- stages ----------
def stage1():
    """Coarse: data x d x he x k x E x lr, seed 1, batch 256, 3000 steps, 2 blocks."""
    rows = []
    for (K, C) in [(16, 4), (12, 4), (24, 4)]:
        for d, he, k, E, lr in itertools.product([8, 16], [8, 16], [1, 2], [16, 64], [0.003, 0.01]):
            c = dict(K=K, C=C, d=d, he=he, k=k, E=E, lr=lr)
            res = compare(c, tag='s1')
            if res: rows.append((c, res))
    export_csv()

def stage2():
    """Batch 1024: E sweep at k 2, he 8/16, d 8, lr grid, K16 C4, seed 1."""
    for he, lr, E in itertools.product([16, 8], [0.01, 0.003, 0.03], [64, 16, 8]):
        compare(dict(K=16, C=4, d=8, he=he, k=2, E=E, lr=lr, batch=1024), tag='s2')
    export_csv()

def stage3():
    """Harder data (K24, n 40000) and dense lr ceiling."""
    for lr, E in itertools.product([0.01, 0.03], [64, 16, 8, 32]):
        compare(dict(K=24, C=4, n=40000, d=8, he=16, k=2, E=E, lr=lr, batch=1024), tag='s3')
    for K, n in [(16, 20000), (24, 40000)]:
        for h in [40, 64]:
            for lr in [0.1, 0.05]:
                run(dict(K=K, C=4, n=n, d=8, lr=lr, batch=1024), 'dense', h, tag='s3dense')
    export_csv()

def stage4():
    base = dict(K=16, C=4, n=20000, d=8, he=16, k=2, batch=1024)
    for E in [32, 4, 2]:
        compare(dict(base, E=E, lr=0.01), tag='s4')
    for E in [64, 16]:
        compare(dict(base, E=E, lr=0.01, bal=0.1), tag='s4')
    for E in [8, 16, 32, 64]:
        compare(dict(base, E=E, lr=0.02), tag='s4')
    for lr in [0.01, 0.03]:
        for E in [16, 64]:
            compare(dict(base, E=E, lr=lr, steps=5000), tag='s4')
    export_csv()

def stage5():
    base = dict(K=16, C=4, n=20000, d=8, he=16, k=2, batch=1024, lr=0.01)
    for E in [64, 16]:
        for bal in [0.0, 0.001, 0.03]:
            run(dict(base, E=E, bal=bal), 'moe', tag='s5')
    for E in [64]:
        run(dict(base, E=E, bal=0.0, router='aux-free'), 'moe', tag='s5')
    export_csv()

DEMO = dict(K=16, C=4, n=20000, dseed=7, d=8, blocks=2, E=16, k=2, he=16, router='topk', bal=0.01,
            cap='none', batch=1024, lr=0.01, steps=3000)
SEEDS = (1, 2, 3)
LR_DENSE_BEST = 0.03

def accs(rs, key='test_acc'):
    return [r[key] for r in rs]

def final_esweep(out='results.md'):
    L = ['### Accuracy against E at fixed active FLOPs (k 2, expert width 16; E 1 uses k 1), demo data, 3 seeds',
         f"Shared lr {DEMO['lr']}; dense = same d 8, 2 blocks; 'total' = smallest h with FLOPs >= MoE FLOPs (router included); "
         f"'expert' = h = k*h_e (router left out). Extra column: the same dense nets at lr {LR_DENSE_BEST} (their best lr in the search).", '',
         '| E | k | MoE FLOPs | dense h (total) | MoE acc | dense total acc | margin | dense total @lr0.03 | margin vs it | dense expert (h=k·he) acc | MoE dead experts (2 blocks) | MoE load CV |',
         '|---|---|---|---|---|---|---|---|---|---|---|---|']
    for E in [1, 2, 4, 8, 16, 32, 64]:
        c = dict(DEMO, E=E, k=1 if E == 1 else DEMO['k'])
        M, D, D3, DE = [], [], [], []
        for s in SEEDS:
            cs = dict(c, seed=s)
            m = run(cs, 'moe', tag='final_E'); M.append(m)
            h = match_total_h(cs, m['flops'])
            D.append(run(cs, 'dense', h, tag='final_E'))
            D3.append(run(dict(cs, lr=LR_DENSE_BEST), 'dense', h, tag='final_E'))
            DE.append(run(cs, 'dense', match_expert_h(cs), tag='final_E'))
        ma, da, d3 = accs(M), accs(D), accs(D3)
        L.append(f"| {E} | {c['k']} | {M[0]['flops']} | {h} | {ms(ma)} | {ms(da)} | {ms([a-b for a,b in zip(ma,da)])} | {ms(d3)} | {ms([a-b for a,b in zip(ma,d3)])} | {ms(accs(DE))} | {ms(accs(M,'dead'))} | {ms(accs(M,'load_cv'))} |")
    md(out, L); export_csv()

def final_variants(name, variants, out='results.md', dense=True):
    L = [f'### {name} (demo data, 3 seeds)', '',
         '| variant | MoE FLOPs | acc | dense total h | dense total acc | margin | dead experts | load CV | dropped share |',
         '|---|---|---|---|---|---|---|---|---|']
    for label, c in variants:
        c = dict(DEMO, **c)
        M, D = [], []
        for s in SEEDS:
            cs = dict(c, seed=s)
            m = run(cs, 'moe', tag='final_' + name[:12]); M.append(m)
            if dense:
                h = match_total_h(cs, m['flops'])
                D.append(run(cs, 'dense', h, tag='final_' + name[:12]))
        ma = accs(M)
        dcol = f"{h} | {ms(accs(D))} | {ms([a-b for a,b in zip(ma, accs(D))])}" if dense else '– | – | –'
        L.append(f"| {label} | {M[0]['flops']} | {ms(ma)} | {dcol} | {ms(accs(M,'dead'))} | {ms(accs(M,'load_cv'))} | {ms(accs(M,'dropped'))} |")
    md(out, L); export_csv()

def final():
    final_esweep()
    final_variants('Balance loss', [(f'E16 bal {b}', dict(bal=b)) for b in (0.0, 0.01, 0.1)] +
                   [(f'E64 bal {b}', dict(E=64, bal=b)) for b in (0.0, 0.01, 0.1)], dense=False)
    final_variants('Capacity factor', [(f'cap {c}', dict(cap=c)) for c in (0.5, 1.0, 1.25, 2.0, 'none')], dense=False)
    final_variants('Fine-grained vs coarse at equal expert compute (k*h_e = 32)',
                   [('E8 h_e32 k1 (coarser)', dict(E=8, he=32, k=1)), ('E16 h_e16 k2 (demo)', dict()),
                    ('E32 h_e8 k4 (m=2)', dict(E=32, he=8, k=4)), ('E64 h_e4 k8 (m=4)', dict(E=64, he=4, k=8))])
    final_variants('Router at balance loss 0', [('topk k1', dict(k=1, bal=0.0)), ('noisy-topk k1', dict(k=1, bal=0.0, router='noisy-topk')),
                    ('noisy-topk k2', dict(k=2, bal=0.0, router='noisy-topk')), ('topk k2', dict(k=2, bal=0.0))])

def table(rows, cols, title, path='results.md', expert=False):
    L = [f'### {title}', '', '| ' + ' | '.join(cols) + ' | MoE FLOPs | MoE acc | dense h | dense acc | margin |' + (' dense h=k·he acc |' if expert else ''),
         '|' + '---|' * (len(cols) + 5 + (1 if expert else 0))]
    for c, res in rows:
        ma = [r['moe']['test_acc'] for r in res]; da = [r['dense']['test_acc'] for r in res]
        mg = [a - b for a, b in zip(ma, da)]
        line = '| ' + ' | '.join(str(c.get(x, DEF.get(x))) for x in cols) + f" | {res[0]['moe']['flops']} | {ms(ma)} | {res[0]['h']} | {ms(da)} | {ms(mg)} |"
        if expert:
            line += f" {ms([r['dense_e']['test_acc'] for r in res])} |"
        L.append(line)
    md(path, L)

if __name__ == '__main__':
    globals()[sys.argv[1]]()
