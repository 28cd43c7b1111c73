#!/usr/bin/env bash
# Builds the VS Code extension into a .vsix.
#
#   scripts/package.sh [-o OUT.vsix] [--bundle-server [BINARY]]
#
# --bundle-server puts a kapi-lsp binary into the extension (server/kapi-lsp) and marks the
# package linux-x64; BINARY defaults to target/release/kapi-lsp, which is built when missing.
# Without it the .vsix is platform-neutral and finds kapi-lsp through kapi.server.path or PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
out=""
bundle=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift 2 ;;
    --bundle-server)
      if [ $# -gt 1 ] && [ "${2#-}" = "$2" ]; then bundle="$2"; shift 2; else bundle="$repo/target/release/kapi-lsp"; shift; fi ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

cd "$here"
version="$(node -p 'require("./package.json").version')"
if [ -z "$out" ]; then
  out="$here/kapi-lsp-$version${bundle:+-linux-x64}.vsix"
fi
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

rm -f server/kapi-lsp
target=()
if [ -n "$bundle" ]; then
  if [ ! -x "$bundle" ] && [ "$bundle" = "$repo/target/release/kapi-lsp" ]; then
    (cd "$repo" && cargo build --release -p kapi-lsp)
  fi
  [ -x "$bundle" ] || { echo "package.sh: $bundle is not an executable" >&2; exit 1; }
  install -m 755 "$bundle" server/kapi-lsp
  # Debug info makes the binary several times larger; the extension needs none of it.
  strip server/kapi-lsp 2>/dev/null || true
  target=(--target linux-x64)
fi

npx --no-install vsce package --no-dependencies --allow-missing-repository "${target[@]}" -o "$out" >&2
rm -f server/kapi-lsp
echo "$out"
