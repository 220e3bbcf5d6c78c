"""`text_reference.py selftest`: checks of the PyTorch text model on its own, no CLI needed.

For dense and every router: logits of shape (B, T, V); causality (changing later tokens leaves
every earlier logit as it was, evaluation routing); float32 and float64 agree to 1e-4; a model
whose head is zero has loss ln V; a model file written and read back gives the same logits, and a
file missing a parameter or with a wrong shape is refused; a training step gives finite gradients
that reach the router, and capacity keeps at most C slots per expert; the aux-free bias and the
expert-choice thresholds move after training steps. Prints one line per check; exits 1 on failure.
"""

import copy
import json
import math
import os
import sys
import tempfile

import torch

from text_model import ROUTERS, MoeSettings, TextConfig, TextModel
from text_modelfile import ModelFileError, read_model, write_model


def cases():
    base = dict(vocab=23, context=12, width=16, heads=2, blocks=3, dense_hidden=40)
    yield "dense", TextConfig(**base)
    for router in ROUTERS:
        yield router, TextConfig(**base, moe_every=1, moe=MoeSettings(
            experts=4, top_k=2, expert_hidden=8, router=router, z_loss=1e-3))
    yield "topk k=1, moe every 2, 1 shared", TextConfig(**base, moe_every=2, moe=MoeSettings(
        experts=4, top_k=1, expert_hidden=8, shared_experts=1))
    yield "noisy-topk k=1", TextConfig(**base, moe_every=1, moe=MoeSettings(
        experts=4, top_k=1, expert_hidden=8, router="noisy-topk"))


class Checks:
    def __init__(self):
        self.failed = 0

    def expect(self, case, what, ok, detail=""):
        self.failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {case}: {what} {detail}", flush=True)


def check_case(checks, name, config, work):
    torch.manual_seed(3)
    model = TextModel(config).double().eval()
    B, T, V = 2, config.context, config.vocab
    ids = torch.randint(V, (B, T))
    logits, _, _ = model(ids)
    checks.expect(name, "logits shape (B, T, V)", tuple(logits.shape) == (B, T, V))

    with torch.no_grad():
        later = ids.clone()
        cut = T // 2
        later[:, cut:] = torch.randint(V, (B, T - cut))
        changed, _, _ = model(later)
        diff = float((changed[:, :cut] - logits[:, :cut]).abs().max())
        checks.expect(name, "causal: later tokens leave earlier logits", diff < 1e-12,
                      f"(max change {diff:.2g})")
        diff = float((changed[:, cut:] - logits[:, cut:]).abs().max())
        checks.expect(name, "and change the later ones", diff > 1e-6, f"({diff:.2g})")

        single32 = copy.deepcopy(model).float()
        diff = float((single32(ids)[0].double() - logits).abs().max())
        checks.expect(name, "float32 agrees with float64", diff < 1e-4, f"({diff:.2g})")

        uniform = copy.deepcopy(model)
        uniform.head.weight.zero_()
        _, ce, _ = uniform(ids, ids)
        checks.expect(name, "zero head: loss = ln V", abs(float(ce) - math.log(V)) < 1e-12,
                      f"({float(ce):.12f} vs {math.log(V):.12f})")

    path = os.path.join(work, "model.json")
    single = copy.deepcopy(model).float()
    write_model(path, single, {"kind": "char", "symbols": [chr(65 + i) for i in range(V - 1)],
                               "unknown": V - 1}, {"steps": 0})
    again, _, _ = read_model(path, torch.float32)
    same = torch.equal(again.eval()(ids)[0], single.eval()(ids)[0])
    checks.expect(name, "model file written and read back: same logits", same)
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    for broken, what in ((lambda d: d["parameters"].pop(3), "a missing parameter"),
                         (lambda d: d["parameters"][0]["shape"].reverse(), "a wrong shape")):
        damaged = copy.deepcopy(document)
        broken(damaged)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(damaged, f)
        try:
            read_model(path)
            checks.expect(name, f"{what} refused", False)
        except ModelFileError as error:
            checks.expect(name, f"{what} refused", True, f"({str(error)[len(path) + 2:][:60]})")

    train = TextModel(config)
    train.train()
    ids = torch.randint(V, (4, T + 1))
    before = {n: layer.router.state_dict() for n, layer in train.moe_layers()}
    before = copy.deepcopy(before)
    for _ in range(3):
        train.zero_grad()
        _, ce, aux = train(ids[:, :-1], ids[:, 1:])
        (ce + aux).backward()
        train.after_step()
    finite = all(torch.isfinite(p.grad).all() for p in train.parameters() if p.grad is not None)
    checks.expect(name, "training step: finite loss and gradients",
                  bool(torch.isfinite(ce)) and finite)
    for n, layer in train.moe_layers():
        s, r = layer.s, layer.last
        grad = layer.router.weight.grad
        checks.expect(name, f"block {n}: gradient reaches W_r",
                      grad is not None and float(grad.abs().max()) > 0)
        if s.router != "expert-choice" and s.capacity_factor is not None:
            k, tokens = s.effective_top_k(), ids.shape[0] * T
            capacity = max(1, math.ceil(s.capacity_factor * k * tokens / s.experts - 1e-9))
            kept = torch.bincount(r.expert[r.kept], minlength=s.experts)
            checks.expect(name, f"block {n}: at most C = {capacity} kept per expert",
                          int(kept.max()) <= capacity, f"(kept {kept.tolist()})")
        for key, value in layer.router.state_dict().items():
            if key != "weight" and not key.startswith("noise"):
                moved = not torch.equal(value, before[n][key])
                checks.expect(name, f"block {n}: {key} moves in training", moved)


def main(_args):
    checks = Checks()
    with tempfile.TemporaryDirectory() as work:
        for name, config in cases():
            check_case(checks, name, config, work)
    print(f"{checks.failed} failed")
    sys.exit(1 if checks.failed else 0)
