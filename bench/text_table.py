#!/usr/bin/python3
"""The "Text engine" section of docs/benchmarks.md from one run of scripts/bench-text.sh.

  text_table.py --manifest runs.tsv --torch torch.json [--quality-torch T.json
                [--quality-ours O.json]] [--doc docs/benchmarks.md]

runs.tsv has one line per `moelab-cli train --task text` run: config, variant, threads, the JSON
it printed, and the command. torch.json is `text_reference.py speed`'s output. Prints the section;
with --doc, replaces that file's "## Text engine" section (up to the next "## " heading), or puts
it after the `moelab-cli bench` results when it has none, and keeps the rest of the file.
"""

import argparse
import json
import os
import platform
import re
import time

HEADING = "## Text engine"


def last_json_object(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = text.find("{")
    if start < 0:
        raise SystemExit(f"{path}: no JSON object (the CLI printed: {text[:300]!r})")
    return json.loads(text[start:])


def cpu_name():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def os_name():
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            fields = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        return fields.get("PRETTY_NAME", "").strip('"')
    except OSError:
        return platform.system()


def section(manifest, reference):
    ours = {}
    commands = []
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            config, variant, threads, path, command = line.rstrip("\n").split("\t")
            ours[(config, variant, int(threads))] = last_json_object(path)
            commands.append(command)
    theirs = {(r["config"], r["variant"], r["threads"]): r for r in reference["results"]}
    lines = [f"{HEADING} (`scripts/bench-text.sh`), {time.strftime('%Y-%m-%d', time.gmtime())}",
             "",
             f"Machine: {os.cpu_count()} hardware threads, {cpu_name()}, {os_name()}; "
             f"PyTorch {reference['torch']} ({reference['torch_blas_info']}; loaded: "
             f"{', '.join('/'.join(p.split('/')[-2:]) for p in reference['blas_loaded']) or 'none'}); "
             f"OpenMP wait policy {reference.get('omp_wait_policy', 'default')}; 1-minute load "
             f"average before and after the reference's runs (other work on the machine): "
             + "; ".join(f"{t} thread(s) {a:.1f} / {b:.1f}"
                         for t, (a, b) in reference.get("load_1min", {}).items()) + ".",
             "",
             "Training steps on the same shapes (AdamW, gradient clipping at 1, float32; MoE: "
             "top-k, capacity 1.25, position drops, balance loss 0.01, z-loss 0.001). MoE Lab "
             "trains on the Shakespeare corpus (char level), the reference on random tokens "
             "(V 65); the time of a step does not depend on the tokens. Ratio = MoE Lab's "
             "tokens/s over the reference's.",
             "",
             "| config | model | threads | tokens/step | MoE Lab ms/step | MoE Lab tokens/s "
             "| PyTorch ms/step | PyTorch tokens/s | ratio |",
             "|---|---|---|---|---|---|---|---|---|"]
    order = {"nanogpt": 0, "moe": 1, "large": 2}
    for key in sorted(set(ours) | set(theirs), key=lambda k: (order.get(k[0], 3), k[0], k[1],
                                                               k[2])):
        config, variant, threads = key
        mine, peer = ours.get(key), theirs.get(key)
        tokens = (peer or {}).get("tokens_per_step", "")
        cells = [config, variant, str(threads), str(tokens)]
        cells += [f"{mine['ms_per_step']:.1f}", f"{mine['tokens_per_second']:.0f}"] if mine \
            else ["-", "-"]
        cells += [f"{peer['ms_per_step']:.1f}", f"{peer['tokens_per_second']:.0f}"] if peer \
            else ["-", "-"]
        ratio = "-"
        if mine and peer:
            ratio = f"{mine['tokens_per_second'] / peer['tokens_per_second']:.2f}x"
        lines.append("| " + " | ".join(cells + [ratio]) + " |")
    lines += ["", "SGEMM 1024 x 1024 x 1024, float32, median of 7:", "",
              "| threads | PyTorch GFLOP/s | MoE Lab GFLOP/s |", "|---|---|---|"]
    for g in reference["gemm"]:
        ourgemm = [o.get("gemm_gflops") for (c, v, t), o in ours.items()
                   if t == g["threads"] and o.get("gemm_gflops") is not None]
        ourcell = f"{ourgemm[0]:.1f}" if ourgemm else "-"
        lines.append(f"| {g['threads']} | {g['gflops']:.1f} | {ourcell} |")
    lines += ["", "Commands (MoE Lab):", "", "```"] + commands + [
        "```", "", "Reference: `/usr/bin/python3 bench/text_reference.py speed --config "
        "nanogpt,moe,large --threads 1,2` (each thread count in its own process, "
        "OPENBLAS_NUM_THREADS set: torch.set_num_threads does not size OpenBLAS's pool).", ""]
    return "\n".join(lines)


def quality(ours_path, reference_path):
    """nanoGPT's shakespeare_char recipe trained by both: validation loss and wall time."""
    with open(reference_path, encoding="utf-8") as f:
        peer = json.load(f)
    ours = last_json_object(ours_path) if ours_path else None
    lines = ["", f"Quality on Shakespeare (char level, first 90% trains, last 10% validates; "
             f"nanogpt config, {peer['steps']} steps, warm-up 100, cosine to 1e-4, "
             f"{peer['threads']} thread(s)); nanoGPT's README reports about 1.88:", "",
             "| | validation loss (nats/char) | wall time (s) | ms/step |", "|---|---|---|---|"]
    if ours:
        lines.append(f"| MoE Lab | {ours['validation_loss']:.4f} | {ours['wall_seconds']:.0f} "
                     f"| {ours['ms_per_step']:.1f} |")
    lines.append(f"| PyTorch reference | {peer['final_val_loss']:.4f} | "
                 f"{peer['wall_seconds']:.0f} | {peer['ms_per_step']:.1f} |")
    lines += ["", "The reference's trajectory (validation loss on 20 random batches): "
              + ", ".join(f"{p['step']}: {p['val_loss']:.3f}" for p in peer["curve"]) + ".", ""]
    return "\n".join(lines)


def replace_section(doc, text):
    with open(doc, encoding="utf-8") as f:
        content = f.read()
    pattern = re.compile(rf"^{re.escape(HEADING)}.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(content):
        content = pattern.sub(lambda _: text + "\n", content, count=1)
    elif "<!-- bench:end -->\n" in content:
        content = content.replace("<!-- bench:end -->\n", "<!-- bench:end -->\n\n" + text + "\n", 1)
    else:
        content = content.rstrip("\n") + "\n\n" + text
    with open(doc, "w", encoding="utf-8") as f:
        f.write(content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--torch", required=True)
    parser.add_argument("--quality-torch", help="text_reference.py train's JSON")
    parser.add_argument("--quality-ours", help="moelab-cli train's JSON for the same recipe")
    parser.add_argument("--doc")
    args = parser.parse_args()
    with open(args.torch, encoding="utf-8") as f:
        reference = json.load(f)
    text = section(args.manifest, reference)
    if args.quality_torch:
        text = text.rstrip("\n") + "\n" + quality(args.quality_ours, args.quality_torch)
    print(text)
    if args.doc:
        replace_section(args.doc, text)


if __name__ == "__main__":
    main()
