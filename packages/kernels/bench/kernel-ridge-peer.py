#!/usr/bin/env python3
"""Peer column of bench/kernel-ridge.bench.ts: scipy's Cholesky solve of the same problems.

Run by the JavaScript benchmark (child_process, OPENBLAS_NUM_THREADS=1); not needed by tests.

    python3 kernel-ridge-peer.py cases.json  ->  JSON on stdout

cases.json lists {n, d, lengthScale, ridge, repeats, x, y, alpha}: x (n*d), y (n) and alpha (n,
the JavaScript solution) are raw little-endian float64 files written by the benchmark. For each
case this script builds the same RBF kernel K = exp(-|x_i - x_j|^2 / (2 l^2)) from the same
points (or, when the case has "matrix" instead of "x", reads the n*n matrix itself: the Gram
matrix of random features), times scipy.linalg.cho_factor + cho_solve of (K + ridge I) alpha = y
(the minimum of `repeats` runs, after one warm-up), and reports how far the JavaScript alpha is
from scipy's.
"""

import json
import sys
import time

import numpy as np
import scipy
import scipy.linalg


def rbf(x: np.ndarray, length_scale: float) -> np.ndarray:
    sq = np.einsum("ij,ij->i", x, x)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * (x @ x.T), 0.0)
    return np.exp(-d2 / (2.0 * length_scale**2))


def blas_name() -> str:
    try:
        info = np.__config__.CONFIG["Build Dependencies"]["blas"]
        return f"{info.get('name', '?')} {info.get('version', '')}".strip()
    except Exception:  # noqa: BLE001 - informational only
        return "unknown BLAS"


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    out = []
    for c in cases:
        n = c["n"]
        y = np.fromfile(c["y"], dtype="<f8")
        alpha_js = np.fromfile(c["alpha"], dtype="<f8")
        if "matrix" in c:
            K = np.fromfile(c["matrix"], dtype="<f8").reshape(n, n)
        else:
            x = np.fromfile(c["x"], dtype="<f8").reshape(n, c["d"])
            K = rbf(x, c["lengthScale"])
        K[np.diag_indices(n)] += c["ridge"]
        times = []
        alpha = None
        for r in range(c["repeats"] + 1):
            t0 = time.perf_counter()
            factor = scipy.linalg.cho_factor(K, lower=True)
            alpha = scipy.linalg.cho_solve(factor, y)
            if r > 0:
                times.append((time.perf_counter() - t0) * 1e3)
        diff = float(np.linalg.norm(alpha_js - alpha) / np.linalg.norm(alpha))
        out.append({"n": n, "ms": min(times), "runs": times, "alphaRelDiff": diff})
    print(
        json.dumps(
            {
                "cases": out,
                "numpy": np.__version__,
                "scipy": scipy.__version__,
                "blas": blas_name(),
            }
        )
    )


if __name__ == "__main__":
    main()
