"""Peer of bench/gd-predict.bench.ts: numpy's eigh (LAPACK syevd) and the same 100-step
prediction, on the kernel matrices the benchmark writes (float64 files), one thread
(OPENBLAS_NUM_THREADS=1 set by the caller). Prints JSON: times in ms and the max relative
difference of the final test prediction from the JavaScript one."""

import json
import sys
import time

import numpy as np

cases = json.load(open(sys.argv[1]))
out = {"numpy": np.__version__, "cases": []}
for c in cases:
    n, m, steps, eta = c["n"], c["m"], c["steps"], c["eta"]
    K = np.fromfile(c["K"], dtype=np.float64).reshape(n, n)
    Kx = np.fromfile(c["Kx"], dtype=np.float64).reshape(m, n)
    y = np.fromfile(c["y"], dtype=np.float64)
    js = np.fromfile(c["pred"], dtype=np.float64)
    best = {"eigh": np.inf, "total": np.inf}
    for _ in range(c["repeats"]):
        t0 = time.perf_counter()
        lam, V = np.linalg.eigh(K)
        t1 = time.perf_counter()
        B = Kx @ V
        a = V.T @ (-y)
        preds = []
        for k in range(1, steps + 1):
            x = eta * lam
            small = np.abs(x) < 0.5
            with np.errstate(divide="ignore", invalid="ignore"):
                g = np.where(small, -np.expm1(k * np.log1p(-np.where(small, x, 0))) / lam,
                             (1 - (1 - x) ** k) / lam)
            g = np.where(x == 0, eta * k, g)
            preds.append(-(B @ (g * a)))
        t2 = time.perf_counter()
        best["eigh"] = min(best["eigh"], (t1 - t0) * 1e3)
        best["total"] = min(best["total"], (t2 - t0) * 1e3)
    diff = np.abs(preds[-1] - js).max() / max(np.abs(preds[-1]).max(), 1e-300)
    out["cases"].append({"n": n, "eighMs": best["eigh"], "totalMs": best["total"], "relDiff": float(diff)})
print(json.dumps(out))
