#!/usr/bin/env bash
# npm test: every test. Native Rust tests, wasm-bindgen tests in headless Chromium, then
# Playwright end-to-end tests against the built app.
source "$(dirname "$0")/lib.sh"
setup_common
ensure_chromium
build_wasm

say "native Rust tests"
cargo test

say "wasm-bindgen tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --profile wasm-test --target wasm32-unknown-unknown --test web

say "building the app for the browser tests"
npx vite build --logLevel warn

say "end-to-end tests (Playwright, Debian Chromium)"
node --test --test-concurrency=1 tests/e2e/
say "all tests passed"
