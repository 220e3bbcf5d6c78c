"""`text_reference.py parity`: the C++ engine's text model against bench/text_model.py in float64.

Runs `moelab-cli eval --model M.json --text FILE --logits L.csv --json` and recomputes, from the
same model file and the same windows (the ids of the CSV's token column), every logit, the mean
cross-entropy and each MoE layer's balance loss and z-loss (evaluation routing, one window per
routing group: the mean over windows). Without --model a random model file is written first
(nanoGPT's initialisation, the char tokenizer of the text), so every router can be checked without
training. Prints one JSON object; exits 1 when the logits differ by more than 1e-4, the loss by
more than 1e-5 relative, a layer's balance or z-loss by more than 1e-6 + 1e-4 relative, or the
CLI's char tokens are not the text's.
"""

import csv
import json
import math
import os
import subprocess
import sys
import tempfile

import torch

from text_model import MoeSettings, TextConfig, TextModel
from text_modelfile import (ModelFileError, char_tokenizer, char_vocab, encode_char,
                            read_model, write_model)

LOGIT_TOLERANCE = 1e-4
LOSS_TOLERANCE = 1e-5  # relative
AUX_TOLERANCE = (1e-6, 1e-4)  # absolute + relative


def add_arguments(parser):
    parser.add_argument("--cli", required=True, help="path of moelab-cli")
    parser.add_argument("--text", required=True, help="the text to evaluate (UTF-8)")
    parser.add_argument("--model", help="a model file; without it a random one is written")
    parser.add_argument("--save-model", help="where the random model file goes (default: --work)")
    parser.add_argument("--work", help="folder for the CLI's outputs (default: a temporary one)")
    parser.add_argument("--tokenizer-text", help="the random model's char tokenizer comes from "
                        "this text (default --text): characters of --text it lacks are unknown")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocab", type=int, help="must equal the char tokenizer's size")
    parser.add_argument("--context", type=int, default=16)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--blocks", type=int, default=2)
    parser.add_argument("--hidden", type=int, help="dense FFN hidden (default 4 d)")
    parser.add_argument("--moe-every", type=int, default=1, help="0 = dense model")
    parser.add_argument("--router", default="topk",
                        help="topk, switch, noisy-topk, expert-choice, aux-free")
    parser.add_argument("--experts", type=int, default=4)
    parser.add_argument("--top-k", type=int, default=2)
    parser.add_argument("--expert-hidden", type=int, default=16)
    parser.add_argument("--shared-experts", type=int, default=0)
    parser.add_argument("--raw-gates", action="store_true")
    parser.add_argument("--balance-loss", type=float, default=0.01)
    parser.add_argument("--z-loss", type=float, default=0.001)


def random_model_file(args, text, path):
    """A model of the given settings, nanoGPT's initialisation, and router state off its
    defaults (aux-free bias in multiples of 1e-3, expert-choice thresholds near 1/E) so that
    the state is exercised too."""
    source = args.tokenizer_text or args.text
    if args.tokenizer_text:
        with open(args.tokenizer_text, encoding="utf-8") as f:
            text = f.read()
    tokenizer = char_tokenizer(text)
    vocab = char_vocab(tokenizer)
    if args.vocab is not None and args.vocab != vocab:
        raise SystemExit(f"--vocab {args.vocab}: the char tokenizer of {source} has {vocab}")
    moe = MoeSettings(experts=args.experts, top_k=args.top_k, expert_hidden=args.expert_hidden,
                      router=args.router, renormalize=not args.raw_gates,
                      balance_loss=args.balance_loss, z_loss=args.z_loss,
                      shared_experts=args.shared_experts)
    config = TextConfig(vocab=vocab, context=args.context, width=args.width, heads=args.heads,
                        blocks=args.blocks, dense_hidden=args.hidden or 4 * args.width,
                        moe_every=args.moe_every, moe=moe)
    torch.manual_seed(args.seed)
    model = TextModel(config)
    with torch.no_grad():
        for _, layer in model.moe_layers():
            router, experts = layer.router, args.experts
            if hasattr(router, "selection_bias"):
                router.selection_bias.copy_(torch.randint(-20, 21, (experts,)) * 1e-3)
            if hasattr(router, "eval_threshold"):
                router.eval_threshold.copy_((1.0 + 0.1 * (torch.rand(experts) - 0.5)) / experts)
    write_model(path, model, tokenizer, {"corpus": os.path.basename(source), "steps": 0})


def run_cli(cli, model_path, text_path, logits_path):
    command = [cli, "eval", "--model", model_path, "--text", text_path, "--logits", logits_path,
               "--json"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.strip()}")
    out = done.stdout
    try:
        return json.loads(out[out.index("{"):]), command
    except ValueError as error:
        raise SystemExit(f"{' '.join(command)}: no JSON on stdout ({error}):\n{out[:500]}")


def read_logits(path, vocab):
    """{window: [(position, token, target, [V logits])]} from the CLI's --logits CSV."""
    windows = {}
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        expected = ["window", "position", "token", "target"] + [f"logit_{i}" for i in range(vocab)]
        if header != expected:
            raise SystemExit(f"{path}: header {header[:6]}... is not "
                             f"window,position,token,target,logit_0..logit_{vocab - 1}")
        for row in rows:
            w, position, token, target = (int(v) for v in row[:4])
            windows.setdefault(w, []).append((position, token, target, [float(v) for v in row[4:]]))
    for rows in windows.values():
        rows.sort()
    return windows


def expected_windows(ids, context):
    """The contract's windows: starts 0, L, 2L, ... while s + 1 < n, T = min(L, n - 1 - s)."""
    windows, s = [], 0
    while s + 1 < len(ids):
        T = min(context, len(ids) - 1 - s)
        windows.append((ids[s:s + T], ids[s + 1:s + T + 1]))
        s += context
    return windows


def compare(model, tokenizer, text, windows, report):
    """Fills report with the differences; returns the list of failures."""
    failures = []
    model.eval()
    if tokenizer and tokenizer.get("kind") == "char":
        ids = encode_char(tokenizer, text)
        report["unknown_tokens"] = ids.count(tokenizer["unknown"])
        mine = expected_windows(ids, model.config.context)
        theirs = [([r[1] for r in rows], [r[2] for r in rows])
                  for _, rows in sorted(windows.items())]
        report["tokens_agree"] = mine == theirs
        if mine != theirs:
            failures.append("the CSV's tokens are not the char tokenizer's windows of the text")
    max_dlogit, total_ce, positions = 0.0, 0.0, 0
    layers = {n: {"balance": 0.0, "z": 0.0} for n, _ in model.moe_layers()}
    margin = float("inf")
    with torch.no_grad():
        for _, rows in sorted(windows.items()):
            if [r[0] for r in rows] != list(range(len(rows))):
                failures.append("a window's positions are not 0..T-1")
                break
            ids = torch.tensor([[r[1] for r in rows]])
            targets = torch.tensor([[r[2] for r in rows]])
            logits, ce, _ = model(ids, targets)
            theirs = torch.tensor([r[3] for r in rows], dtype=torch.float64)
            max_dlogit = max(max_dlogit, float((logits[0] - theirs).abs().max()))
            total_ce += float(ce) * len(rows)
            positions += len(rows)
            for n, layer in model.moe_layers():
                layers[n]["balance"] += float(layer.last.balance)
                layers[n]["z"] += float(layer.last.z)
                margin = min(margin, layer.router.selection_margin())
    report["windows"], report["positions"] = len(windows), positions
    report["max_abs_dlogit"] = max_dlogit
    report["min_routing_margin"] = margin if model.moe_layers() else None
    if max_dlogit > LOGIT_TOLERANCE:
        failures.append(f"max |dlogit| {max_dlogit:.3g} > {LOGIT_TOLERANCE}")
    return failures, total_ce / max(positions, 1), layers


def check(args):
    try:
        with open(args.text, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as error:
        raise SystemExit(f"--text: {error}")
    work = args.work or tempfile.mkdtemp(prefix="moelab-parity-")
    os.makedirs(work, exist_ok=True)
    model_path = args.model
    if not model_path:
        model_path = args.save_model or os.path.join(work, "model.json")
        random_model_file(args, text, model_path)
    try:
        model, tokenizer, _ = read_model(model_path, torch.float64)
    except ModelFileError as error:
        raise SystemExit(str(error))
    logits_path = os.path.join(work, "logits.csv")
    result, command = run_cli(args.cli, model_path, args.text, logits_path)
    c = model.config
    report = {"model": model_path, "text": args.text, "command": " ".join(command),
              "router": c.moe.router if c.moe_every else "dense", "moe_every": c.moe_every}
    failures, my_loss, layers = compare(model, tokenizer, text, read_logits(logits_path, c.vocab),
                                        report)
    their_loss = float(result.get("loss_nats_per_token", float("nan")))
    rel = abs(my_loss - their_loss) / max(abs(my_loss), 1e-300)
    report.update({"loss_torch": my_loss, "loss_cli": their_loss, "rel_dloss": rel})
    if not rel <= LOSS_TOLERANCE:
        failures.append(f"loss {their_loss} against {my_loss}: relative {rel:.3g}")
    if result.get("tokens") != report["positions"]:
        failures.append(f"JSON tokens {result.get('tokens')} != {report['positions']} CSV rows")
    windows = max(report["windows"], 1)
    theirs = {int(entry["block"]): entry for entry in result.get("moe_layers", [])}
    report["layers"] = []
    if sorted(theirs) != sorted(layers):
        failures.append(f"MoE layers {sorted(theirs)} in the JSON, {sorted(layers)} expected")
    for n in sorted(layers):
        entry = {"block": n}
        for key, name in (("balance", "balance_loss"), ("z", "z_loss")):
            mine = layers[n][key] / windows
            cli = float(theirs.get(n, {}).get(name, float("nan")))
            entry[f"{name}_torch"], entry[f"{name}_cli"] = mine, cli
            if not abs(mine - cli) <= AUX_TOLERANCE[0] + AUX_TOLERANCE[1] * abs(mine):
                failures.append(f"block {n} {name}: {cli} against {mine}")
        report["layers"].append(entry)
    if tokenizer and tokenizer.get("kind") == "char" and "bits_per_char" in result:
        # one token per character: bits per character = nats per token / ln 2
        report["bits_per_char_cli"] = result["bits_per_char"]
        report["bits_per_char_torch"] = my_loss / math.log(2.0)
    report["ok"] = not failures
    report["failures"] = failures
    print(json.dumps(report, indent=2))
    return 0 if not failures else 1


def main(args):
    sys.exit(check(args))
