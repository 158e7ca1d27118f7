# Shared setup for the npm scripts: each step checks first, so running it again is cheap.
# Sourced by scripts/{start,test,build,bench}.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;34m[gradlab]\033[0m %s\n' "$*"; }

# apt-get as root, or through sudo when we are not root.
apt_install() {
  local SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  if [ ! -f /tmp/.gradlab-apt-updated ]; then
    $SUDO apt-get update -qq && touch /tmp/.gradlab-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown Rust target"
    rustup target add wasm32-unknown-unknown
  fi
}

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
ensure_wasm_bindgen_cli() {
  local want have
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes about 2 minutes"
    # No --locked: it fails against this machine's registry mirror.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's Chromium and ChromeDriver for the browser tests"
    apt_install chromium chromium-driver
  fi
}

# Fashion-MNIST is optional: offered in the app when Debian's package is installed.
ensure_fashion_mnist() {
  if [ ! -d /usr/share/datasets/fashion-mnist ]; then
    say "installing Debian's dataset-fashion-mnist (optional second dataset)"
    apt_install dataset-fashion-mnist || say "Fashion-MNIST not available; continuing with MNIST only"
  fi
}

prepare_data() {
  node scripts/prepare-data.mjs
}

# The drawing view's default network, trained by our own trainer with a fixed seed (~1 min).
ensure_default_model() {
  local model=public/models/default.gradlab
  if [ ! -f "$model" ] || [ bin/train_default.rs -nt "$model" ]; then
    say "training the default network for the drawing view (about a minute)"
    mkdir -p public/models
    cargo run --quiet --release --bin train-default -- "$model.tmp" > public/models/default.json
    mv "$model.tmp" "$model"
    say "default network: $(cat public/models/default.json)"
  fi
}

build_wasm() {
  bash scripts/build-wasm.sh
}

setup_common() {
  ensure_wasm_target
  ensure_wasm_bindgen_cli
  ensure_node_modules
  ensure_fashion_mnist
  prepare_data
  ensure_default_model
}
