#!/usr/bin/env bash
# The whole test suite: formatting, lints, every Rust test (unit, property, end-to-end over
# stdio, CLI and export conformance), then the real-editor tests (Neovim and VS Code), which
# install what they need on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked

if [ "${KAPI_SKIP_EDITOR_TESTS:-0}" != 1 ] && [ -x scripts/editor-tests.sh ]; then
    scripts/editor-tests.sh
fi
