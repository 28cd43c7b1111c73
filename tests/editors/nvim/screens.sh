#!/usr/bin/env bash
# Screenshots of kapi-lsp in a real Neovim screen: Neovim runs in a private tmux server, the
# screen is read with `tmux capture-pane -e` and rendered to PNG by Chromium. Each screen is
# also a check on what a person sees (the codes, the hover text).
#
#   screens.sh REPO WORKSPACE KAPI_LSP OUT_DIR     (KAPI_NVIM: the nvim binary; NODE_PATH: playwright-core)
set -uo pipefail
repo="$1" workspace="$2" server="$3" out="$4"
nvim="${KAPI_NVIM:-nvim}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sock="kapi-editor-tests-$$"
dir="$(mktemp -d)"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$dir"' EXIT

tmux -L "$sock" -f /dev/null new-session -d -x 150 -y 46 -s shot \
  env TERM=tmux-256color COLORTERM=truecolor KAPI_REPO="$repo" KAPI_WORKSPACE="$workspace" KAPI_SERVER="$server" \
  KAPI_SHOT_DIR="$dir" "$nvim" --clean -n -i NONE -c "luafile $here/screens.lua" || { echo "FAIL nvim: tmux did not start"; exit 1; }

failed=0
for step in diagnostics hover; do
  for _ in $(seq 1 400); do
    [ -e "$dir/$step.ready" ] || [ -e "$dir/$step.failed" ] && break
    sleep 0.1
  done
  sleep 0.3 # let tmux take the last redraw
  tmux -L "$sock" capture-pane -p -e -t shot >"$dir/$step.ansi"
  tmux -L "$sock" capture-pane -p -t shot >"$dir/$step.txt"
  node "$here/ansi2png.cjs" "$dir/$step.ansi" "$out/nvim-$step.png" 2>&1 || echo "(could not render $out/nvim-$step.png)" >&2
  case "$step" in
    diagnostics) name='screen shows the diagnostics with their codes'; want=(missing-param-spec unknown-value) ;;
    hover) name='screen shows the hover float on the cross-file call'; want=('Fill the pump chamber before the first stroke') ;;
  esac
  why=""
  if [ -e "$dir/$step.failed" ]; then why="$(cat "$dir/$step.failed")"
  elif [ ! -e "$dir/$step.ready" ]; then why="timed out"
  else
    for w in "${want[@]}"; do grep -qF -- "$w" "$dir/$step.txt" || why="${why:+$why; }\"$w\" is not on the screen"; done
  fi
  if [ -z "$why" ]; then echo "PASS nvim: $name"; else echo "FAIL nvim: $name: $why (see $out/nvim-$step.png)"; failed=1; cat "$dir/$step.txt" >&2; fi
  touch "$dir/$step.taken"
done
exit $failed
