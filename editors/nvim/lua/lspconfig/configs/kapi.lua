-- kapi-lsp in the form of nvim-lspconfig's legacy `lspconfig.configs` table (for
-- `require('lspconfig').kapi.setup{}`). On Neovim 0.11+ prefer the lsp/kapi.lua file
-- of this folder with vim.lsp.enable('kapi').
local util = require('lspconfig.util')

return {
  default_config = {
    cmd = { 'kapi-lsp' },
    filetypes = { 'c', 'cpp' },
    root_dir = function(fname)
      return util.root_pattern('.git', 'MAINTAINERS', 'Kbuild')(fname)
    end,
    single_file_support = true,
    settings = {
      kapi = {
        severity = vim.empty_dict(),
        extraPaths = {},
      },
    },
    before_init = function(params, config)
      params.initializationOptions = config.settings
    end,
  },
  docs = {
    description = [[
https://github.com/kapi-lsp/kapi-lsp

kapi-lsp: a language server for KAPI specification comments (kernel API specifications
written as kernel-doc comments) in Linux kernel C: diagnostics with quick fixes, hover
with the contract of a called function, completion inside spec comments.

`settings.kapi.severity` maps a diagnostic code (e.g. `missing-param-spec`) to `error`,
`warning`, `information`, `hint` or `off`; `settings.kapi.extraPaths` lists more folders
to index besides the root.
]],
  },
}
