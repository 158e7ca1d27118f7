#!/usr/bin/env bash
# npm start: install what is missing, build the wasm, serve the app with Vite (prints the URL).
source "$(dirname "$0")/lib.sh"
setup_common
build_wasm
say "starting the dev server"
exec npx vite --host "${HOST:-localhost}" --port "${PORT:-5173}"
