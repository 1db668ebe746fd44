#!/usr/bin/env python3
"""An independent forward pass over an exported model, in numpy (float64), from the Hugging Face files
alone: model.safetensors + config.json. Written from the GPT-2, LLaMA and RoBERTa definitions in `transformers`,
not from our C# code, so a test can hold our logits against it.

usage: hf_reference.py <export-dir> <ids.json> <out.npy>
  ids.json: a list of rows of token ids (all rows the same length)
  out.npy:  float64 logits [rows, T, V]
"""
import json
import struct
import sys

import numpy as np


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", name
        start, end = info["data_offsets"]
        arr = np.frombuffer(data[base + start : base + end], dtype="<f4").astype(np.float64)
        tensors[name] = arr.reshape(info["shape"])
    return tensors


def softmax_attention(q, k, v, causal):
    # q, k, v: [T, HS]
    T, hs = q.shape
    scores = q @ k.T / np.sqrt(hs)
    if causal:
        scores = np.where(np.tril(np.ones((T, T), dtype=bool)), scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    p = np.exp(scores)
    p /= p.sum(axis=-1, keepdims=True)
    return p @ v


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def rms_norm(x, w, eps):
    return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * w


def gelu_new(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def gpt2(t, cfg, ids, causal):
    T = len(ids)
    C, nh = cfg["n_embd"], cfg["n_head"]
    hs = C // nh
    eps = cfg["layer_norm_epsilon"]
    x = t["transformer.wte.weight"][ids] + t["transformer.wpe.weight"][:T]
    for l in range(cfg["n_layer"]):
        p = f"transformer.h.{l}."
        a = layer_norm(x, t[p + "ln_1.weight"], t[p + "ln_1.bias"], eps)
        qkv = a @ t[p + "attn.c_attn.weight"] + t[p + "attn.c_attn.bias"]  # Conv1D: x @ W
        q, k, v = qkv[:, :C], qkv[:, C : 2 * C], qkv[:, 2 * C :]
        y = np.concatenate(
            [softmax_attention(q[:, h * hs : (h + 1) * hs], k[:, h * hs : (h + 1) * hs], v[:, h * hs : (h + 1) * hs], causal) for h in range(nh)],
            axis=1,
        )
        x = x + y @ t[p + "attn.c_proj.weight"] + t[p + "attn.c_proj.bias"]
        m = layer_norm(x, t[p + "ln_2.weight"], t[p + "ln_2.bias"], eps)
        h = gelu_new(m @ t[p + "mlp.c_fc.weight"] + t[p + "mlp.c_fc.bias"])
        x = x + h @ t[p + "mlp.c_proj.weight"] + t[p + "mlp.c_proj.bias"]
    x = layer_norm(x, t["transformer.ln_f.weight"], t["transformer.ln_f.bias"], eps)
    return x @ t["transformer.wte.weight"].T


def roberta(t, cfg, ids, causal):
    T = len(ids)
    C, nh = cfg["hidden_size"], cfg["num_attention_heads"]
    hs = C // nh
    eps = cfg["layer_norm_eps"]
    # Hugging Face RoBERTa numbers positions from padding_idx + 1 (no padding in these rows).
    positions = np.arange(T) + cfg["pad_token_id"] + 1
    p = "roberta.embeddings."
    x = t[p + "word_embeddings.weight"][ids] + t[p + "position_embeddings.weight"][positions] + t[p + "token_type_embeddings.weight"][0]
    x = layer_norm(x, t[p + "LayerNorm.weight"], t[p + "LayerNorm.bias"], eps)
    for l in range(cfg["num_hidden_layers"]):
        p = f"roberta.encoder.layer.{l}."
        q = x @ t[p + "attention.self.query.weight"].T + t[p + "attention.self.query.bias"]
        k = x @ t[p + "attention.self.key.weight"].T + t[p + "attention.self.key.bias"]
        v = x @ t[p + "attention.self.value.weight"].T + t[p + "attention.self.value.bias"]
        y = np.concatenate(
            [softmax_attention(q[:, h * hs : (h + 1) * hs], k[:, h * hs : (h + 1) * hs], v[:, h * hs : (h + 1) * hs], causal) for h in range(nh)],
            axis=1,
        )
        a = y @ t[p + "attention.output.dense.weight"].T + t[p + "attention.output.dense.bias"]
        x = layer_norm(x + a, t[p + "attention.output.LayerNorm.weight"], t[p + "attention.output.LayerNorm.bias"], eps)
        h = gelu_new(x @ t[p + "intermediate.dense.weight"].T + t[p + "intermediate.dense.bias"])
        m = h @ t[p + "output.dense.weight"].T + t[p + "output.dense.bias"]
        x = layer_norm(x + m, t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"], eps)
    h = gelu_new(x @ t["lm_head.dense.weight"].T + t["lm_head.dense.bias"])
    h = layer_norm(h, t["lm_head.layer_norm.weight"], t["lm_head.layer_norm.bias"], eps)
    return h @ t["roberta.embeddings.word_embeddings.weight"].T + t["lm_head.bias"]


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def llama(t, cfg, ids, causal):
    T = len(ids)
    C, nh = cfg["hidden_size"], cfg["num_attention_heads"]
    hs = cfg.get("head_dim", C // nh)
    eps = cfg["rms_norm_eps"]
    theta = cfg["rope_theta"]
    inv = 1.0 / theta ** (np.arange(0, hs, 2, dtype=np.float64) / hs)  # [hs/2]
    ang = np.arange(T, dtype=np.float64)[:, None] * inv[None, :]  # [T, hs/2]
    cos = np.concatenate([np.cos(ang), np.cos(ang)], axis=-1)
    sin = np.concatenate([np.sin(ang), np.sin(ang)], axis=-1)
    x = t["model.embed_tokens.weight"][ids]
    for l in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{l}."
        a = rms_norm(x, t[p + "input_layernorm.weight"], eps)
        q = a @ t[p + "self_attn.q_proj.weight"].T
        k = a @ t[p + "self_attn.k_proj.weight"].T
        v = a @ t[p + "self_attn.v_proj.weight"].T
        heads = []
        for h in range(nh):
            sl = slice(h * hs, (h + 1) * hs)
            qh = q[:, sl] * cos + rotate_half(q[:, sl]) * sin
            kh = k[:, sl] * cos + rotate_half(k[:, sl]) * sin
            heads.append(softmax_attention(qh, kh, v[:, sl], causal))
        x = x + np.concatenate(heads, axis=1) @ t[p + "self_attn.o_proj.weight"].T
        m = rms_norm(x, t[p + "post_attention_layernorm.weight"], eps)
        g = m @ t[p + "mlp.gate_proj.weight"].T
        u = m @ t[p + "mlp.up_proj.weight"].T
        x = x + ((g / (1.0 + np.exp(-g))) * u) @ t[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, t["model.norm.weight"], eps)
    out = t["lm_head.weight"] if "lm_head.weight" in t else t["model.embed_tokens.weight"]
    return x @ out.T


def main():
    export_dir, ids_path, out_path = sys.argv[1:4]
    with open(f"{export_dir}/config.json") as f:
        cfg = json.load(f)
    t = load_safetensors(f"{export_dir}/model.safetensors")
    with open(ids_path) as f:
        rows = json.load(f)
    causal = cfg.get("babylm", {}).get("causal", True)
    forward = {"gpt2": gpt2, "llama": llama, "roberta": roberta}[cfg["model_type"]]
    logits = np.stack([forward(t, cfg, np.array(r, dtype=np.int64), causal) for r in rows])
    np.save(out_path, logits)


if __name__ == "__main__":
    main()
