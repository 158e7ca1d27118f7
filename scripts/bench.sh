#!/usr/bin/env bash
# npm run bench: benchmarks, one JSON object per line on stdout (progress goes to stderr).
source "$(dirname "$0")/lib.sh"
{
  setup_common
  ensure_chromium
  build_wasm
  npx vite build --logLevel warn
  cargo build --release --bin bench
} 1>&2
./target/release/bench
node tests/e2e/bench.mjs
