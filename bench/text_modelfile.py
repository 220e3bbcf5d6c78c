"""Model files of the text task (`moelab-model`, version 3, task "text"; docs/model-format.md)
read into and written from bench/text_model.py's TextModel, and the char tokenizer's state.

Parameters and state are matched by name: a name the model has and the file lacks, a name the
file has and the model lacks, or a wrong shape is refused with a message naming it. A [1, n]
entry of the file is a 1-D tensor of n in PyTorch (biases, LayerNorm, router state).
Values are float32 in the engine: they are read as float32 first, then cast to the model's dtype,
and written in the shortest decimal form that reads back to the same float32.
"""

import json

import numpy as np
import torch

from text_model import MoeSettings, TextConfig, TextModel


class ModelFileError(Exception):
    pass


def char_tokenizer(text):
    """The char tokenizer of a text, as the engine stores it: `symbols` are the text's code
    points in increasing order (ids 0..n-1), `unknown` is the last id, n (vocabulary n + 1)."""
    symbols = sorted(set(text))
    return {"kind": "char", "symbols": symbols, "unknown": len(symbols)}


def char_vocab(tokenizer):
    return len(tokenizer["symbols"]) + 1


def encode_char(tokenizer, text):
    ids = {s: i for i, s in enumerate(tokenizer["symbols"])}
    unknown = tokenizer["unknown"]
    return [ids.get(c, unknown) for c in text]


def moe_to_json(s: MoeSettings):
    return {"experts": s.experts, "topK": s.top_k, "expertHidden": s.expert_hidden,
            "router": s.router, "renormalize": s.renormalize,
            "capacityFactor": s.capacity_factor, "dropPolicy": s.drop_policy,
            "balanceLoss": s.balance_loss, "zLoss": s.z_loss, "jitter": s.jitter,
            "sharedExperts": s.shared_experts, "biasUpdateRate": s.bias_update_rate,
            "deadAfterSteps": 100}


def moe_from_json(m):
    return MoeSettings(experts=int(m["experts"]), top_k=int(m["topK"]),
                       expert_hidden=int(m["expertHidden"]), router=m["router"],
                       renormalize=bool(m.get("renormalize", True)),
                       capacity_factor=m.get("capacityFactor"),
                       drop_policy=m.get("dropPolicy", "position"),
                       balance_loss=float(m.get("balanceLoss", 0.01)),
                       z_loss=float(m.get("zLoss", 0.0)), jitter=float(m.get("jitter", 0.0)),
                       shared_experts=int(m.get("sharedExperts", 0)),
                       bias_update_rate=float(m.get("biasUpdateRate", 1e-3)))


def config_to_json(c: TextConfig):
    return {"kind": "text", "vocab": c.vocab, "context": c.context, "width": c.width,
            "heads": c.heads, "blocks": c.blocks, "denseHidden": c.dense_hidden,
            "moeEvery": c.moe_every, "moe": moe_to_json(c.moe)}


def config_from_json(c):
    if c.get("kind") != "text":
        raise ModelFileError(f"config.kind is {c.get('kind')!r}, not 'text'")
    moe = moe_from_json(c["moe"]) if c.get("moe") else MoeSettings()
    return TextConfig(vocab=int(c["vocab"]), context=int(c["context"]), width=int(c["width"]),
                      heads=int(c["heads"]), blocks=int(c["blocks"]),
                      dense_hidden=int(c["denseHidden"]), moe_every=int(c.get("moeEvery", 0)),
                      moe=moe)


def file_shape(tensor):
    return [1, tensor.shape[0]] if tensor.dim() == 1 else list(tensor.shape)


def float32_values(tensor):
    """Shortest decimals that read back to the same float32 (numpy's float32 repr)."""
    return [float(str(v)) for v in tensor.detach().to(torch.float32).reshape(-1).numpy()]


def write_model(path, model: TextModel, tokenizer, trained_on):
    parameters = [{"name": name, "shape": file_shape(p), "values": float32_values(p)}
                  for name, p in model.named_parameters()]
    state = [{"name": name, "shape": file_shape(b), "values": float32_values(b)}
             for name, b in model.named_buffers()]
    document = {"format": "moelab-model", "version": 3, "task": "text",
                "config": config_to_json(model.config), "tokenizer": tokenizer,
                "trainedOn": trained_on, "parameters": parameters, "state": state}
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, separators=(",", ":"))


def read_model(path, dtype=torch.float64):
    """(TextModel in `dtype` with the file's values, tokenizer, the whole document)."""
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
    except (OSError, json.JSONDecodeError) as error:
        raise ModelFileError(f"{path}: {error}") from error
    if document.get("format") != "moelab-model" or document.get("version") != 3:
        raise ModelFileError(f"{path}: not a moelab-model file of version 3")
    if document.get("task") != "text":
        raise ModelFileError(f"{path}: task is {document.get('task')!r}, not 'text'")
    model = TextModel(config_from_json(document["config"])).to(dtype)
    entries = {}
    for section in ("parameters", "state"):
        for entry in document.get(section, []):
            if entry["name"] in entries:
                raise ModelFileError(f"{path}: '{entry['name']}' appears twice")
            entries[entry["name"]] = entry
    wanted = dict(model.named_parameters())
    wanted.update(dict(model.named_buffers()))
    missing = sorted(set(wanted) - set(entries))
    extra = sorted(set(entries) - set(wanted))
    if missing:
        raise ModelFileError(f"{path}: missing {', '.join(missing)}")
    if extra:
        raise ModelFileError(f"{path}: names not in this config: {', '.join(extra)}")
    with torch.no_grad():
        for name, tensor in wanted.items():
            entry = entries[name]
            shape = [int(v) for v in entry["shape"]]
            if shape != file_shape(tensor):
                raise ModelFileError(
                    f"{path}: '{name}' has shape {shape}, must be {file_shape(tensor)}")
            values = np.asarray(entry["values"], dtype=np.float64)
            if values.size != tensor.numel() or not np.all(np.isfinite(values)):
                raise ModelFileError(f"{path}: '{name}' needs {tensor.numel()} finite values")
            as_float32 = torch.from_numpy(values.astype(np.float32)).reshape(tensor.shape)
            tensor.copy_(as_float32)
    for _, layer in model.moe_layers():  # a file's thresholds are measured ones
        layer.router.threshold_measured = True
    return model, document.get("tokenizer"), document
