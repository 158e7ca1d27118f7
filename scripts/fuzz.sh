#!/usr/bin/env bash
# npm run fuzz: the parser fuzz harnesses (tests/fuzz.rs) with 1,000,000 inputs per parser.
# GRADLAB_FUZZ_ITERS sets the count, GRADLAB_FUZZ_SEED the seed (a failure prints both and
# saves its input under target/fuzz-failures/). `cargo test` runs the same harnesses with 10,000.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export GRADLAB_FUZZ_ITERS="${GRADLAB_FUZZ_ITERS:-1000000}"
cargo test --test fuzz -- --nocapture
