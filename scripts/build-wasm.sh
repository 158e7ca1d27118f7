#!/usr/bin/env bash
# Compiles the crate to wasm and generates the JS bindings into www/pkg; prints the wasm size.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --lib --target wasm32-unknown-unknown --release
wasm-bindgen --target web --out-dir www/pkg target/wasm32-unknown-unknown/release/gradlab.wasm
raw=$(stat -c %s www/pkg/gradlab_bg.wasm)
gz=$(gzip -9 -c www/pkg/gradlab_bg.wasm | wc -c)
echo "[gradlab] wasm size: $raw bytes raw, $gz bytes gzip ($((raw / 1024)) KiB / $((gz / 1024)) KiB)"
