#!/usr/bin/env bash
# Compiles the crate to wasm and generates the JS bindings into www/pkg; prints the wasm size.
# Two builds of the same code: gradlab_bg.wasm (SIMD128, runs in every current browser) and
# gradlab_relaxed_bg.wasm (also relaxed SIMD: fused multiply-add in the matrix products);
# www/wasm-build.js picks one at load. Both have the same exports, so one gradlab.js serves both.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Without the function-name section (about 125 KiB raw, 37 KiB gzipped): a panic still shows its
# message and source line (console_error_panic_hook); stack frames show function numbers.
BINDGEN=(wasm-bindgen --target web --remove-name-section --remove-producers-section)
# The web profile (Cargo.toml): the matrix products (crate/kernels/) for speed, the rest for
# size; the wasm's size goal is under 300 KiB gzipped (tests/e2e/wasm-build.test.mjs).
cargo build --lib --target wasm32-unknown-unknown --profile web
"${BINDGEN[@]}" --out-dir www/pkg target/wasm32-unknown-unknown/web/gradlab.wasm

# Its own target dir: other RUSTFLAGS would otherwise rebuild the first build's dependencies.
RUSTFLAGS='--cfg getrandom_backend="wasm_js" -C target-feature=+simd128,+relaxed-simd' \
  cargo build --lib --target wasm32-unknown-unknown --profile web --target-dir target/relaxed
"${BINDGEN[@]}" --out-dir target/relaxed/pkg target/relaxed/wasm32-unknown-unknown/web/gradlab.wasm
if ! cmp -s target/relaxed/pkg/gradlab.js www/pkg/gradlab.js; then
  echo "[gradlab] the relaxed-SIMD build's bindings differ from the SIMD128 build's: both must share www/pkg/gradlab.js" >&2
  exit 1
fi
cp target/relaxed/pkg/gradlab_bg.wasm www/pkg/gradlab_relaxed_bg.wasm

for wasm in www/pkg/gradlab_bg.wasm www/pkg/gradlab_relaxed_bg.wasm; do
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  echo "[gradlab] wasm size ($wasm): $raw bytes raw, $gz bytes gzip ($((raw / 1024)) KiB / $((gz / 1024)) KiB)"
done
