#!/usr/bin/env python3
"""The PyTorch side of `babylm bench kernels`: causal multi-head attention forward and forward+backward,
composed the way PyTorch 1.13 computes it on a CPU (no fused scaled_dot_product_attention before 2.0):
softmax(mask(q·kᵀ/√D))·v on [B, H, T, D] tensors. Prints one JSON line:
{"fwd_ms": …, "fwd_bwd_ms": …, "torch": "<version>", "threads": N}.

usage: attention_torch.py B H T D THREADS REPS
Run with OMP_NUM_THREADS / OPENBLAS_NUM_THREADS set to THREADS and OPENBLAS_CORETYPE=SkylakeX (Debian's
torch uses the system OpenBLAS, which otherwise picks SSE3 kernels on this CPU).
"""
import json
import math
import sys
import time

import torch


def median_ms(fn, reps):
    fn()
    fn()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[len(times) // 2]


def main():
    b, h, t, d, threads, reps = (int(a) for a in sys.argv[1:7])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    q = torch.randn(b, h, t, d, requires_grad=True)
    k = torch.randn(b, h, t, d, requires_grad=True)
    v = torch.randn(b, h, t, d, requires_grad=True)
    dout = torch.randn(b, h, t, d)
    mask = torch.ones(t, t, dtype=torch.bool).triu(1)
    scale = 1.0 / math.sqrt(d)

    def forward():
        att = (q @ k.transpose(-2, -1)) * scale
        att = att.masked_fill(mask, float("-inf"))
        return torch.softmax(att, dim=-1) @ v

    def forward_only():
        with torch.no_grad():
            forward()

    def forward_backward():
        q.grad = k.grad = v.grad = None
        forward().backward(dout)

    print(json.dumps({
        "fwd_ms": median_ms(forward_only, reps),
        "fwd_bwd_ms": median_ms(forward_backward, reps),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    main()
