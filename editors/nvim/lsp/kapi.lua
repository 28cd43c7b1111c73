---@brief
---
--- kapi-lsp: a language server for KAPI specification comments (the kernel API
--- specifications written as kernel-doc comments) in Linux kernel C.
---
--- Build it with `cargo build --release -p kapi-lsp` and put `kapi-lsp` on your PATH.
---
--- Neovim 0.11+ reads this file from any 'runtimepath' directory's lsp/ folder;
--- enable it with `vim.lsp.enable('kapi')` and override any field with
--- `vim.lsp.config('kapi', { ... })`, e.g. `cmd` or `settings`:
---
--- ```lua
--- vim.lsp.config('kapi', {
---   settings = { kapi = { severity = { ['unused-error'] = 'off' }, extraPaths = { '/src/linux/include' } } },
--- })
--- ```

---@type vim.lsp.Config
return {
  cmd = { 'kapi-lsp' },
  -- A .h file is `cpp` unless vim.g.c_syntax_for_h is set; the server ignores what is not C.
  filetypes = { 'c', 'cpp' },
  root_markers = { '.git', 'MAINTAINERS', 'Kbuild' },
  -- Sent as initializationOptions and on every workspace/didChangeConfiguration.
  -- kapi.severity: { ["<code>"] = "error"|"warning"|"information"|"hint"|"off" }
  -- kapi.extraPaths: more folders to index besides the workspace root.
  settings = {
    kapi = {
      severity = vim.empty_dict(),
      extraPaths = {},
    },
  },
  before_init = function(params, config)
    params.initializationOptions = config.settings
  end,
}
