"""`text_reference.py speed` and `train`: the PyTorch peer of `moelab-cli train --task text`.

The training step is nanoGPT's for shakespeare_char: AdamW (lr 1e-3, betas 0.9 / 0.99, weight
decay 0.1 on the matrices and embeddings only, as nanoGPT groups them), gradient clipping at a
global norm of 1, no dropout, float32. MoE layers train as docs/moe.md says: top-k with capacity
1.25 and the position drop policy, balance loss 0.01, z-loss 0.001.

Thread counts: PyTorch's own pool follows torch.set_num_threads, but its GEMMs go to the system
BLAS (Debian's torch says BLAS_INFO=generic: libblas.so.3, OpenBLAS when libopenblas0-pthread is
installed), whose pthreads pool ignores that call. Each thread count therefore runs in a child
process with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS set before torch loads.
"""

import json
import math
import os
import re
import statistics
import subprocess
import sys
import time

import torch

from text_model import MoeSettings, TextConfig, TextModel
from text_modelfile import char_tokenizer, char_vocab, encode_char

# name -> (variant label, config, batch); V 65 as nanoGPT's shakespeare_char.
_NANOGPT = dict(vocab=65, context=64, width=128, heads=4, blocks=4, dense_hidden=512)
_LARGE = dict(vocab=65, context=128, width=256, heads=4, blocks=4, dense_hidden=1024)


def _moe(experts, hidden):
    return MoeSettings(experts=experts, top_k=2, expert_hidden=hidden, router="topk",
                       capacity_factor=1.25, drop_policy="position", balance_loss=0.01,
                       z_loss=0.001)


CONFIGS = {
    "nanogpt": [("dense hD 512", TextConfig(**_NANOGPT), 12)],
    "moe": [("MoE E8 k2 h128", TextConfig(**_NANOGPT, moe_every=1, moe=_moe(8, 128)), 12),
            ("MoE E8 k2 h256", TextConfig(**_NANOGPT, moe_every=1, moe=_moe(8, 256)), 12)],
    "large": [("MoE E16 k2 h256", TextConfig(**_LARGE, moe_every=1, moe=_moe(16, 256)), 16),
              ("dense hD 1024", TextConfig(**_LARGE), 16)],
}


def make_optimizer(model, lr=1e-3, weight_decay=0.1):
    """AdamW, decay on tensors of 2 or more dimensions (nanoGPT's configure_optimizers)."""
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": weight_decay},
              {"params": rest, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.99))


def train_step(model, optimizer, x, y):
    model.train()
    _, ce, aux = model(x, y)
    loss = ce + aux
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    model.after_step()
    return float(ce)


def blas_libraries():
    """The BLAS and OpenMP shared objects this process has loaded, after a matrix product."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    names = set()
    with open("/proc/self/maps", encoding="utf-8") as maps:
        for line in maps:
            path = line.split()[-1]
            if any(key in path for key in ("blas", "lapack", "gomp", "mkl")):
                names.add(os.path.realpath(path))
    return sorted(names)


def gemm_gflops(repeats=7, n=1024):
    a, b = torch.randn(n, n), torch.randn(n, n)
    torch.mm(a, b)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        torch.mm(a, b)
        times.append(time.perf_counter() - start)
    return 2.0 * n ** 3 / statistics.median(times) / 1e9


def measure(name, label, config, batch, steps, warmup, seed=1):
    torch.manual_seed(seed)
    model = TextModel(config)
    optimizer = make_optimizer(model)
    L, V = config.context, config.vocab
    times, cpu_times = [], []
    for i in range(warmup + steps):
        data = torch.randint(V, (batch, L + 1))
        start, cpu_start = time.perf_counter(), time.process_time()
        train_step(model, optimizer, data[:, :-1], data[:, 1:])
        if i >= warmup:
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
    ms = 1000.0 * statistics.median(times)
    total, active = model.parameter_counts()
    flops = model.forward_flops_per_token()
    return {"config": name, "variant": label, "batch": batch, "context": L,
            "tokens_per_step": batch * L, "steps": steps, "warmup": warmup,
            "ms_per_step": ms, "ms_per_step_min": 1000.0 * min(times),
            "ms_per_step_max": 1000.0 * max(times),
            # CPU time of every thread of the process: at 1 thread, close to what the step takes
            # on an idle machine when other work shares the cores
            "cpu_ms_per_step": 1000.0 * statistics.median(cpu_times),
            "tokens_per_second": batch * L * 1000.0 / ms,
            "params_total": total, "params_active": active, "flops_per_token": flops,
            "training_gflops": 3.0 * flops * batch * L / (ms / 1000.0) / 1e9}


def child(args):
    """One thread count, in a process whose BLAS pool was sized by the environment."""
    torch.set_num_threads(args.child_threads)
    load_before = os.getloadavg()[0]  # other work on the machine shows here
    results = []
    for name in args.config.split(","):
        for label, config, batch in CONFIGS[name]:
            r = measure(name, label, config, batch, args.steps, args.warmup)
            r["threads"] = args.child_threads
            results.append(r)
            print(f"  {name:8s} {label:18s} threads {args.child_threads}: "
                  f"{r['ms_per_step']:8.2f} ms/step {r['tokens_per_second']:9.0f} tokens/s "
                  f"(CPU {r['cpu_ms_per_step']:.2f} ms/step)",
                  file=sys.stderr, flush=True)
    json.dump({"threads": args.child_threads, "gemm_gflops": gemm_gflops(),
               "blas": blas_libraries(), "load_1min": [load_before, os.getloadavg()[0]],
               "results": results}, sys.stdout)


def speed(args):
    runs = []
    for threads in [int(t) for t in args.threads.split(",")]:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads),
                   MKL_NUM_THREADS=str(threads))
        if args.passive_wait:  # idle OpenMP threads sleep instead of spinning (a shared machine)
            env["OMP_WAIT_POLICY"] = "PASSIVE"
        command = [sys.executable, os.path.abspath(sys.argv[0]), "speed", "--config", args.config,
                   "--steps", str(args.steps), "--warmup", str(args.warmup),
                   "--child-threads", str(threads), "--json", "-"]
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, check=True, text=True)
        runs.append(json.loads(done.stdout))
    blas_info = re.search(r"BLAS_INFO=[^,\s]*", torch.__config__.show())
    blas_info = blas_info.group(0) if blas_info else "BLAS_INFO unknown"
    document = {"torch": torch.__version__, "date": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                  time.gmtime()),
                "machine": os.uname().nodename, "cpus": os.cpu_count(),
                "torch_blas_info": blas_info,
                "omp_wait_policy": "PASSIVE" if args.passive_wait else
                os.environ.get("OMP_WAIT_POLICY", "default"),
                "blas_loaded": runs[0]["blas"] if runs else [],
                "gemm": [{"threads": r["threads"], "gflops": r["gemm_gflops"]} for r in runs],
                "load_1min": {r["threads"]: r["load_1min"] for r in runs},
                "results": [x for r in runs for x in r["results"]]}
    with open(args.json, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
    for g in document["gemm"]:
        print(f"  SGEMM 1024^3 threads {g['threads']}: {g['gflops']:.1f} GFLOP/s", file=sys.stderr)


def cosine_lr(step, steps, warmup, lr, min_lr):
    """nanoGPT's get_lr: linear warm-up, then cosine from lr to min_lr at the last step."""
    if step < warmup:
        return lr * (step + 1) / (warmup + 1)
    ratio = (step - warmup) / max(1, steps - warmup)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * min(1.0, ratio))) * (lr - min_lr)


def train(args):
    """nanoGPT's CPU recipe for shakespeare_char: char level, first 90% trains, last 10%
    validates, evaluation on `eval_batches` random batches of each split."""
    torch.set_num_threads(args.threads)
    with open(args.corpus, encoding="utf-8") as f:
        text = f.read()
    tokenizer = char_tokenizer(text)
    ids = torch.tensor(encode_char(tokenizer, text))
    cut = int(0.9 * len(ids))
    splits = {"train": ids[:cut], "val": ids[cut:]}
    base = dict(_NANOGPT, vocab=char_vocab(tokenizer))
    config = TextConfig(**base) if args.model == "dense" else TextConfig(
        **base, moe_every=args.moe_every, moe=_moe(args.experts, args.expert_hidden))
    torch.manual_seed(args.seed)
    model = TextModel(config)
    optimizer = make_optimizer(model)
    B, L = args.batch, config.context

    def batch(split):
        data = splits[split]
        starts = torch.randint(len(data) - L - 1, (B,))
        x = torch.stack([data[s:s + L] for s in starts])
        return x, torch.stack([data[s + 1:s + L + 1] for s in starts])

    @torch.no_grad()
    def evaluate():
        model.eval()
        losses = {}
        for split in splits:
            losses[split] = statistics.mean(float(model(*batch(split))[1])
                                            for _ in range(args.eval_batches))
        return losses

    curve, step_seconds = [], 0.0
    start = time.perf_counter()
    for step in range(args.steps + 1):
        if step % args.eval_every == 0 or step == args.steps:
            losses = evaluate()
            curve.append({"step": step, "train_loss": losses["train"], "val_loss": losses["val"],
                          "seconds": time.perf_counter() - start})
            print(f"  step {step:5d}: train {losses['train']:.4f} val {losses['val']:.4f} "
                  f"({curve[-1]['seconds']:.0f} s)", file=sys.stderr, flush=True)
        if step == args.steps:
            break
        for group in optimizer.param_groups:
            group["lr"] = cosine_lr(step, args.steps, args.warmup, 1e-3, 1e-4)
        x, y = batch("train")
        t0 = time.perf_counter()
        train_step(model, optimizer, x, y)
        step_seconds += time.perf_counter() - t0
    wall = time.perf_counter() - start
    total, active = model.parameter_counts()
    document = {"corpus": args.corpus, "model": args.model, "vocab": config.vocab,
                "steps": args.steps, "batch": B, "context": L, "threads": args.threads,
                "params_total": total, "params_active": active, "curve": curve,
                "final_val_loss": curve[-1]["val_loss"], "wall_seconds": wall,
                "ms_per_step": 1000.0 * step_seconds / args.steps,
                "tokens_per_second": B * L * args.steps / step_seconds,
                "torch": torch.__version__}
    with open(args.json, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
