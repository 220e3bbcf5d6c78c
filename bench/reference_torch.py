#!/usr/bin/env python3
"""The PyTorch reference for `moelab-cli bench`: the same models and training step as MoE Lab's
default classroom run, written the way an MoE is usually written for study (router softmax, top-k,
a Python loop over experts gathering their tokens and adding the results back with index_add).

Model (as in core/model.cpp): projection Linear(2, d) -> 2 residual blocks -> head Linear(d, 3).
  MoE block:   y = x + sum over kept (token, expert) pairs of g * Expert_e(x),
               Expert_e = Linear(d, h) -> ReLU -> Linear(h, d), router Linear(d, E) without bias,
               p = softmax(router(x)); top-k of p, gates renormalised over the k chosen;
               capacity C = ceil(1.25 * k * T / E), first choices first, then by token (GShard);
               balance loss alpha * E * sum_e f_e P_e with alpha = 0.01 (Switch).
  Dense block: y = x + Linear(h, d)(ReLU(Linear(d, h)(x))).
Step: cross-entropy (+ the balance losses), backward, Adam (lr 0.005), on a 3-arm spiral of 720
training samples, reshuffled every epoch.

Writes JSON with the median, minimum and maximum steps/s of each configuration (after a warm-up),
for `moelab-cli bench --reference FILE` to print beside its own numbers. Not a test.
"""

import argparse
import json
import math
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn


class Expert(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.up = nn.Linear(width, hidden)
        self.down = nn.Linear(hidden, width)

    def forward(self, x):
        return self.down(F.relu(self.up(x)))


class MoeBlock(nn.Module):
    def __init__(self, width, hidden, experts, top_k, capacity_factor=1.25, alpha=0.01):
        super().__init__()
        self.router = nn.Linear(width, experts, bias=False)
        self.experts = nn.ModuleList(Expert(width, hidden) for _ in range(experts))
        self.top_k, self.capacity_factor, self.alpha = top_k, capacity_factor, alpha

    def forward(self, x):
        tokens, experts, k = x.shape[0], len(self.experts), self.top_k
        probs = F.softmax(self.router(x), dim=-1)  # (T, E)
        gates, chosen = probs.topk(k, dim=-1)  # (T, k)
        gates = gates / gates.sum(dim=-1, keepdim=True)
        # Balance loss: f_e = share of the k*T choices routed to e, P_e = mean probability.
        counts = torch.bincount(chosen.flatten(), minlength=experts).float()
        aux = self.alpha * experts * torch.sum(counts / (k * tokens) * probs.mean(dim=0))
        # Rank-major order (all first choices, then all second choices), as the capacity rule
        # keeps the first C assignments of each expert in that order.
        order_expert = chosen.t().reshape(-1)
        order_token = torch.arange(tokens).repeat(k)
        order_gate = gates.t().reshape(-1)
        capacity = max(1, math.ceil(self.capacity_factor * k * tokens / experts - 1e-9))
        out = x
        for e, expert in enumerate(self.experts):
            slots = (order_expert == e).nonzero(as_tuple=True)[0][:capacity]
            if slots.numel() == 0:
                continue
            token = order_token[slots]
            out = out.index_add(0, token, expert(x[token]) * order_gate[slots].unsqueeze(1))
        return out, aux


class DenseBlock(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.ffn = Expert(width, hidden)

    def forward(self, x):
        return x + self.ffn(x), x.new_zeros(())


class Model(nn.Module):
    def __init__(self, inputs, width, outputs, blocks):
        super().__init__()
        self.projection = nn.Linear(inputs, width)
        self.blocks = nn.ModuleList(blocks)
        self.head = nn.Linear(width, outputs)

    def forward(self, x):
        x = self.projection(x)
        aux = x.new_zeros(())
        for block in self.blocks:
            x, block_aux = block(x)
            aux = aux + block_aux
        return self.head(x), aux


def spiral(samples, arms=3, noise=0.04, seed=1):
    """A 3-arm spiral like datasets/builtins.cpp's (the timing does not depend on its details)."""
    g = torch.Generator().manual_seed(seed)
    per_arm = samples // arms
    xs, ys = [], []
    for arm in range(arms):
        r = torch.linspace(0.05, 1.0, per_arm)
        angle = 4.0 * r + 2.0 * math.pi * arm / arms
        points = torch.stack([r * torch.cos(angle), r * torch.sin(angle)], dim=1)
        xs.append(points + noise * torch.randn(per_arm, 2, generator=g))
        ys.append(torch.full((per_arm,), arm, dtype=torch.long))
    return torch.cat(xs), torch.cat(ys)


def make_model(kind, width, hidden, experts, top_k):
    if kind == "moe":
        blocks = [MoeBlock(width, hidden, experts, top_k) for _ in range(2)]
    else:
        blocks = [DenseBlock(width, hidden) for _ in range(2)]
    return Model(2, width, 3, blocks)


def measure(kind, width, hidden, experts, top_k, batch, threads, samples, warmup, repeats,
            seconds):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    x, y = spiral(samples)
    x, y = x[: int(0.8 * len(x))], y[: int(0.8 * len(y))]  # the training split
    model = make_model(kind, width, hidden, experts, top_k)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
    state = {"order": torch.randperm(len(x)), "cursor": 0}

    def step():
        if state["cursor"] >= len(x):
            state["order"], state["cursor"] = torch.randperm(len(x)), 0
        rows = state["order"][state["cursor"]: state["cursor"] + batch]
        state["cursor"] += batch
        optimizer.zero_grad()
        logits, aux = model(x[rows])
        loss = F.cross_entropy(logits, y[rows]) + aux
        loss.backward()
        optimizer.step()
        return len(rows)

    for _ in range(warmup):
        step()
    # Steps per repeat from a short probe, so each repeat lasts about `seconds`.
    start = time.perf_counter()
    for _ in range(20):
        step()
    per_step = (time.perf_counter() - start) / 20
    steps = max(20, int(seconds / per_step))
    rates, sample_rates = [], []
    for _ in range(repeats):
        done = 0
        start = time.perf_counter()
        for _ in range(steps):
            done += step()
        elapsed = time.perf_counter() - start
        rates.append(steps / elapsed)
        sample_rates.append(done / elapsed)
    return {
        "model": kind, "width": width, "hidden": hidden, "experts": experts, "top_k": top_k,
        "batch": batch, "threads": threads, "steps": steps, "repeats": repeats,
        "steps_per_s": statistics.median(rates), "steps_per_s_min": min(rates),
        "steps_per_s_max": max(rates), "samples_per_s": statistics.median(sample_rates),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True, help="file to write the results to")
    parser.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one repeat")
    parser.add_argument("--quick", action="store_true", help="fewer, shorter runs (a smoke test)")
    args = parser.parse_args()
    if args.quick:
        args.repeats, args.seconds = 2, 0.2
    threads = [int(t) for t in args.threads.split(",")]

    # name, model, width d, expert (or dense) hidden h, E, k, batch
    configs = [("default MoE", "moe", 16, 32, 8, 2, 64),
               ("default dense", "dense", 16, 64, 0, 0, 64)]
    configs += [(f"MoE E={e}", "moe", 16, 32, e, 2, 64) for e in (4, 16, 32, 64)]
    results = []
    for name, kind, width, hidden, experts, top_k, batch in configs:
        for t in threads:
            r = measure(kind, width, hidden, experts, top_k, batch, t, 900, 50, args.repeats,
                        args.seconds)
            r["name"] = name
            results.append(r)
            print(f"{name:14s} threads {t}: {r['steps_per_s']:9.1f} steps/s "
                  f"({r['steps_per_s_min']:.1f} .. {r['steps_per_s_max']:.1f})", flush=True)
    with open(args.json, "w", encoding="utf-8") as out:
        json.dump({"torch": torch.__version__, "date": time.strftime("%Y-%m-%d"),
                   "results": results}, out, indent=2)


if __name__ == "__main__":
    main()
