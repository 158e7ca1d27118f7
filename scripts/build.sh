#!/usr/bin/env bash
# npm run build: a static dist/ (app, wasm and data) that works from any static file server.
source "$(dirname "$0")/lib.sh"
setup_common
build_wasm
npx vite build
say "static site in dist/ (serve it with any static server, e.g. python3 -m http.server -d dist)"
