"""The text model of MoE Lab (docs/text.md) in PyTorch, written the usual way: one nn.Module per
layer as nanoGPT's model.py has them, and the MoE as study code writes it (a router, top-k, a
Python loop over experts gathering their tokens and adding the results back with index_add).

Shapes: B sequences of T tokens, width d, H heads of hd = d / H, E experts, N = B * T routed
tokens (rows sequence-major: row = b * T + t). Linear maps are y = x W^T + b, W stored [out, in].

  h0 = tok_emb[x_t] + pos_emb[t]
  block n:  h += Attn(LN1(h));  h += FFN(LN2(h))   (FFN dense, or MoE when (n - 1) % moeEvery == 0)
  logits = LN_f(h) W_head^T                         (no bias)
  loss = mean cross-entropy + sum over MoE layers of (balance loss + z-loss)

Module names are the model file's parameter names (block1.attn.qkv.weight, ...), so a state_dict
and a model file match name for name; every router follows docs/moe.md ([1]-[8]).
"""

import math
from dataclasses import dataclass, field
from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn

ROUTERS = ("topk", "switch", "noisy-topk", "expert-choice", "aux-free")


@dataclass
class MoeSettings:
    """The MoE layer's settings, with the names and defaults of the files' `config.moe`."""

    experts: int = 8
    top_k: int = 2
    expert_hidden: int = 32
    router: str = "topk"
    renormalize: bool = True
    capacity_factor: Optional[float] = 1.25  # None = no limit (dropless)
    drop_policy: str = "position"  # position | score | random
    balance_loss: float = 0.01
    z_loss: float = 0.0
    jitter: float = 0.0
    shared_experts: int = 0
    bias_update_rate: float = 1e-3

    def effective_top_k(self):
        return 1 if self.router == "switch" else self.top_k


@dataclass
class TextConfig:
    vocab: int
    context: int
    width: int
    heads: int
    blocks: int
    dense_hidden: int
    moe_every: int = 0  # 0 dense; 1 every block; 2 blocks 1, 3, 5, ...
    moe: MoeSettings = field(default_factory=MoeSettings)

    def is_moe_block(self, n):
        return self.moe_every > 0 and (n - 1) % self.moe_every == 0


class CausalSelfAttention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)  # Q = cols [0, d), K = [d, 2d), V = [2d, 3d)
        self.out = nn.Linear(width, width)

    def forward(self, x):
        B, T, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(x).split(d, dim=2)
        # (B, T, d) -> (B, H, T, hd): head j uses columns [j hd, (j + 1) hd)
        q, k, v = (m.view(B, T, self.heads, hd).transpose(1, 2) for m in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(hd)  # S (B, H, T, T)
        future = torch.triu(torch.ones(T, T, dtype=torch.bool, device=x.device), diagonal=1)
        attention = F.softmax(scores.masked_fill(future, float("-inf")), dim=-1)
        y = (attention @ v).transpose(1, 2).reshape(B, T, d)  # heads concatenated
        return self.out(y)


class FeedForward(nn.Module):
    """down(GELU(up(x))), exact (erf) GELU: the dense FFN, and each expert."""

    def __init__(self, width, hidden):
        super().__init__()
        self.up = nn.Linear(width, hidden)
        self.down = nn.Linear(hidden, width)

    def forward(self, x):
        return self.down(F.gelu(self.up(x)))


def switch_balance_loss(q, chosen, k, alpha):
    """[5] alpha * E * sum_e f_e P_e; f_e = choices of e / (k N) before dropping, P_e = mean q_e."""
    if alpha == 0.0:
        return q.new_zeros(())
    tokens, experts = q.shape
    f = torch.bincount(chosen.flatten(), minlength=experts).to(q.dtype) / (k * tokens)
    return alpha * experts * torch.sum(f * q.mean(dim=0))


def cv_squared(v):
    """Population variance / (mean^2 + 1e-10), as tensor2tensor's cv_squared."""
    if v.numel() < 2:
        return v.new_zeros(())
    return v.var(unbiased=False) / (v.mean() ** 2 + 1e-10)


@dataclass
class Routing:
    """Assignments (A of them) in priority order; `kept` after capacity; the layer's losses."""

    token: torch.Tensor
    expert: torch.Tensor
    gate: torch.Tensor
    kept: torch.Tensor
    balance: torch.Tensor
    z: torch.Tensor
    routed: torch.Tensor  # per expert, before dropping


class Router(nn.Module):
    """W_r (E, d) without bias, and each rule of docs/moe.md, training or evaluation."""

    def __init__(self, width, s: MoeSettings):
        super().__init__()
        self.s = s
        self.weight = nn.Parameter(torch.empty(s.experts, width))
        if s.router == "noisy-topk":
            self.noise = nn.Linear(width, s.experts, bias=False)  # W_n
        if s.router == "aux-free":
            self.register_buffer("selection_bias", torch.zeros(s.experts))
        if s.router == "expert-choice":
            self.register_buffer("eval_threshold", torch.full((s.experts,), 1.0 / s.experts))
            self.threshold_measured = False
        self.last_routed = None
        self.last_selection = None  # (scores, k) of the last selection: its margin to a tie

    def selection_margin(self):
        """Smallest gap between a chosen and an unchosen selection score in the last forward
        (expert choice at evaluation: between a probability and its threshold): routing is
        the same in float32 and float64 when it is well above float32's rounding."""
        scores, k = self.last_selection
        if k is None:
            return float((scores - self.eval_threshold).abs().min())
        if k >= scores.shape[1]:
            return float("inf")
        top = scores.topk(k + 1, dim=-1).values
        return float((top[:, k - 1] - top[:, k]).min())

    def forward(self, x):
        s = self.s
        inputs = x
        if s.router == "switch" and self.training and s.jitter > 0:
            inputs = x * torch.empty_like(x).uniform_(1 - s.jitter, 1 + s.jitter)
        logits = inputs @ self.weight.t()  # h (N, E)
        z = logits.new_zeros(())
        if s.z_loss > 0:  # [6] c_z mean_t logsumexp(h_t)^2
            z = s.z_loss * torch.logsumexp(logits, dim=-1).pow(2).mean()
        if s.router == "expert-choice":
            token, expert, gate, balance = self._expert_choice(logits)
            kept = torch.ones_like(token, dtype=torch.bool)
            routed = torch.bincount(expert, minlength=s.experts)
            return Routing(token, expert, gate, kept, balance, z, routed)
        chosen, gates, priority, balance = getattr(self, "_" + s.router.replace("-", "_"))(
            x, logits)
        k = chosen.shape[1]
        # rank-major order: every first choice (by token), then every second choice, ...
        token = torch.arange(x.shape[0], device=x.device).repeat(k)
        expert, gate = chosen.t().reshape(-1), gates.t().reshape(-1)
        routed = torch.bincount(expert, minlength=s.experts)
        kept = torch.ones_like(token, dtype=torch.bool)
        if self.training and s.capacity_factor is not None:  # [4]; evaluation is dropless
            kept = self._capacity(token, expert, priority, k, x.shape[0])
        if self.training:
            self.last_routed = routed
        return Routing(token, expert, gate, kept, balance, z, routed)

    def _topk(self, x, logits):  # [1]
        s, k = self.s, self.s.top_k
        p = F.softmax(logits, dim=-1)
        gates, chosen = p.topk(k, dim=-1)
        self.last_selection = (p.detach(), k)
        if s.renormalize and k > 1:
            gates = gates / gates.sum(dim=-1, keepdim=True)
        return chosen, gates, p, switch_balance_loss(p, chosen, k, s.balance_loss)

    def _switch(self, x, logits):  # [2] top-1, raw gate
        p = F.softmax(logits, dim=-1)
        gates, chosen = p.topk(1, dim=-1)
        self.last_selection = (p.detach(), 1)
        return chosen, gates, p, switch_balance_loss(p, chosen, 1, self.s.balance_loss)

    def _noisy_topk(self, x, logits):  # [3]
        s, k, experts = self.s, self.s.top_k, self.s.experts
        sigma = F.softplus(self.noise(x)) + 0.01
        noisy = logits
        if self.training:
            noisy = logits + torch.randn_like(logits) * sigma  # H
        probs = F.softmax(noisy, dim=-1)
        top, chosen = noisy.topk(k, dim=-1)
        self.last_selection = (noisy.detach(), k)
        gates = probs.gather(1, chosen) if k == 1 else F.softmax(top, dim=-1)
        balance = logits.new_zeros(())
        if s.balance_loss > 0:
            importance = torch.zeros(experts, dtype=x.dtype, device=x.device).index_add(
                0, chosen.flatten(), gates.flatten())
            if k >= experts:
                load = torch.full((experts,), float(x.shape[0]), dtype=x.dtype)
            else:
                # threshold of (t, e): the k-th largest H_t without e itself
                ranked = noisy.topk(k + 1, dim=-1).values
                inside = torch.zeros_like(noisy, dtype=torch.bool).scatter(1, chosen, True)
                threshold = torch.where(inside, ranked[:, k:k + 1], ranked[:, k - 1:k])
                z = (logits - threshold) / sigma
                load = (0.5 * torch.erfc(-z / math.sqrt(2.0))).sum(dim=0)  # sum_t Phi(z)
            balance = s.balance_loss * (cv_squared(importance) + cv_squared(load))
        return chosen, gates, probs, balance

    def _aux_free(self, x, logits):  # [8] sigmoid scores, biased selection, unbiased gates
        s, k = self.s, self.s.top_k
        scores = torch.sigmoid(logits)
        biased = scores + self.selection_bias
        chosen = biased.topk(k, dim=-1).indices
        self.last_selection = (biased.detach(), k)
        gates = scores.gather(1, chosen)
        if s.renormalize and k > 1:
            gates = gates / gates.sum(dim=-1, keepdim=True)
        q = scores / scores.sum(dim=-1, keepdim=True)
        return chosen, gates, scores, switch_balance_loss(q, chosen, k, s.balance_loss)

    def _expert_choice(self, logits):  # [7]
        s, tokens = self.s, logits.shape[0]
        p = F.softmax(logits, dim=-1)
        if not self.training:  # each expert takes every token with p_te >= tau_e
            self.last_selection = (p.detach(), None)
            token, expert = (p >= self.eval_threshold).nonzero(as_tuple=True)
            return token, expert, p[token, expert], logits.new_zeros(())
        capacity = tokens
        if s.capacity_factor is not None:
            capacity = min(tokens, max(1, math.ceil(s.capacity_factor * tokens / s.experts - 1e-9)))
        picked_p, picked = p.topk(capacity, dim=0)  # (C, E): each expert's top-C tokens
        with torch.no_grad():  # tau_e follows the C-th pick's probability (EMA 0.9)
            lowest = picked_p[-1].detach()
            if self.threshold_measured:
                self.eval_threshold.mul_(0.9).add_(0.1 * lowest)
            else:
                self.eval_threshold.copy_(lowest)
            self.threshold_measured = True
        expert = torch.arange(s.experts, device=logits.device).repeat(capacity)
        token = picked.reshape(-1)
        return token, expert, picked_p.reshape(-1), logits.new_zeros(())

    def _capacity(self, token, expert, priority, k, tokens):
        """Each expert keeps its C first assignments in the drop policy's order (GShard)."""
        s = self.s
        capacity = max(1, math.ceil(s.capacity_factor * k * tokens / s.experts - 1e-9))
        kept = torch.zeros_like(token, dtype=torch.bool)
        for e in range(s.experts):
            slots = (expert == e).nonzero(as_tuple=True)[0]  # already in position order
            if slots.numel() <= capacity:
                kept[slots] = True
                continue
            if s.drop_policy == "score":
                order = torch.sort(-priority[token[slots], e].detach(), stable=True).indices
                slots = slots[order]
            elif s.drop_policy == "random":
                slots = slots[torch.randperm(slots.numel())]
            kept[slots[:capacity]] = True
        return kept

    @torch.no_grad()
    def after_step(self):
        """[8] b_e += u sign(mean load - load_e) with the last training batch's loads."""
        if self.s.router == "aux-free" and self.last_routed is not None:
            load = self.last_routed.to(self.selection_bias.dtype)
            self.selection_bias.add_(self.s.bias_update_rate * torch.sign(load.mean() - load))


class MoeLayer(nn.Module):
    """sum over kept assignments of g * Expert_e(x) + sum of shared experts (no residual here)."""

    def __init__(self, width, s: MoeSettings):
        super().__init__()
        self.router = Router(width, s)
        for e in range(s.experts):
            self.add_module(f"expert{e}", FeedForward(width, s.expert_hidden))
        for j in range(s.shared_experts):
            self.add_module(f"shared{j}", FeedForward(width, s.expert_hidden))
        self.s = s
        self.last = None

    def forward(self, x):
        shape = x.shape
        x = x.reshape(-1, shape[-1])  # (N, d)
        r = self.router(x)
        out = torch.zeros_like(x)
        for e in range(self.s.experts):
            slots = ((r.expert == e) & r.kept).nonzero(as_tuple=True)[0]
            if slots.numel() == 0:
                continue
            token = r.token[slots]
            expert_out = getattr(self, f"expert{e}")(x[token])
            out = out.index_add(0, token, expert_out * r.gate[slots].unsqueeze(1))
        for j in range(self.s.shared_experts):
            out = out + getattr(self, f"shared{j}")(x)
        self.last = r
        return out.reshape(shape), r.balance + r.z


class Block(nn.Module):
    def __init__(self, config: TextConfig, moe: bool):
        super().__init__()
        d = config.width
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.attn = CausalSelfAttention(d, config.heads)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)
        self.ffn = MoeLayer(d, config.moe) if moe else FeedForward(d, config.dense_hidden)
        self.moe = moe

    def forward(self, h):
        h = h + self.attn(self.ln1(h))
        if self.moe:
            y, aux = self.ffn(self.ln2(h))
            return h + y, aux
        return h + self.ffn(self.ln2(h)), h.new_zeros(())


class TextModel(nn.Module):
    def __init__(self, config: TextConfig):
        super().__init__()
        self.config = config
        self.tok_emb = nn.Embedding(config.vocab, config.width)
        self.pos_emb = nn.Embedding(config.context, config.width)
        for n in range(1, config.blocks + 1):
            self.add_module(f"block{n}", Block(config, config.is_moe_block(n)))
        self.ln_f = nn.LayerNorm(config.width, eps=1e-5)
        self.head = nn.Linear(config.width, config.vocab, bias=False)
        self.init_weights()

    def blocks(self):
        return [getattr(self, f"block{n}") for n in range(1, self.config.blocks + 1)]

    def moe_layers(self):
        return [(n, b.ffn) for n, b in enumerate(self.blocks(), start=1) if b.moe]

    @torch.no_grad()
    def init_weights(self):
        """nanoGPT's: weights N(0, 0.02), attn.out and FFN down N(0, 0.02 / sqrt(2 N)),
        biases 0, LayerNorm gain 1 and bias 0 (nn.LayerNorm's own)."""
        residual_std = 0.02 / math.sqrt(2 * self.config.blocks)
        for name, p in self.named_parameters():
            if name.endswith(".bias"):
                p.zero_()
            elif ".ln" in name or name.startswith("ln_f"):
                continue
            elif name.endswith("attn.out.weight") or name.endswith("down.weight"):
                p.normal_(0.0, residual_std)
            else:
                p.normal_(0.0, 0.02)

    def forward(self, idx, targets=None):
        B, T = idx.shape
        positions = torch.arange(T, device=idx.device)
        h = self.tok_emb(idx) + self.pos_emb(positions)  # (B, T, d)
        aux = h.new_zeros(())
        for block in self.blocks():
            h, block_aux = block(h)
            aux = aux + block_aux
        logits = self.head(self.ln_f(h))  # (B, T, V)
        if targets is None:
            return logits, None, aux
        ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
        return logits, ce, aux

    def after_step(self):
        for _, layer in self.moe_layers():
            layer.router.after_step()

    def parameter_counts(self):
        """(total, active per token): an MoE layer's active part is the router, k experts
        (expert choice: cf on average) and the shared experts."""
        total = sum(p.numel() for p in self.parameters())
        active = total
        for _, layer in self.moe_layers():
            s = layer.s
            per_expert = sum(p.numel() for p in layer.expert0.parameters())
            used = s.effective_top_k()
            if s.router == "expert-choice":
                used = s.capacity_factor if s.capacity_factor is not None else s.experts
            active -= round((s.experts - used) * per_expert)
        return total, active

    def forward_flops_per_token(self):
        """docs MOE_SPEC §10 counting: attention projections 8 d^2, scores and mixing 4 L_ctx d
        (L_ctx = L / 2 on average), FFN 4 d hD or (k + shared) 4 d h + 2 d E (twice the router
        for noisy-topk), head 2 d V."""
        c, d = self.config, self.config.width
        flops = 2 * d * c.vocab
        for block in self.blocks():
            flops += 8 * d * d + 4 * (c.context / 2) * d
            if block.moe:
                s = c.moe
                router = 2 * d * s.experts * (2 if s.router == "noisy-topk" else 1)
                used = s.effective_top_k()
                if s.router == "expert-choice":
                    used = s.capacity_factor if s.capacity_factor is not None else s.experts
                flops += (used + s.shared_experts) * 4 * d * s.expert_hidden + router
            else:
                flops += 4 * d * c.dense_hidden
        return flops
