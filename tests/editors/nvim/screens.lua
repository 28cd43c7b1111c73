-- Runs inside a real (tmux) Neovim UI for tests/editors/nvim/screens.sh: sets up two views of
-- the fixture workspace and, for each, writes STEP.ready (or STEP.failed with the reason) into
-- KAPI_SHOT_DIR once the screen shows it, then waits for STEP.taken before going on.
local repo, workspace, server, dir = vim.env.KAPI_REPO, vim.env.KAPI_WORKSPACE, vim.env.KAPI_SERVER, vim.env.KAPI_SHOT_DIR
local SUMMARY = 'Fill the pump chamber before the first stroke'

vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.cmd('runtime! plugin/kapi.lua')
vim.o.termguicolors = true
vim.cmd('filetype plugin indent on')
vim.cmd('syntax on')
vim.o.swapfile = false
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.laststatus = 2
-- Draw tabs as blank cells: tmux would otherwise hand literal tab characters to the renderer.
vim.o.list = true
vim.opt.listchars = { tab = '  ', trail = ' ' }
vim.o.showmode = false
vim.diagnostic.config({
  severity_sort = true,
  virtual_text = {
    spacing = 2,
    format = function(d)
      return ('[%s] %s'):format(d.code, d.message)
    end,
  },
})
vim.lsp.config('kapi', { cmd = { server } })
vim.lsp.enable('kapi')

local function write(name, text)
  local f = assert(io.open(dir .. '/' .. name, 'w'))
  f:write(text or '')
  f:close()
end

local function step(name, timeout, fn)
  local ok, err = pcall(fn)
  vim.cmd('redraw!')
  write(name .. (ok and '.ready' or '.failed'), ok and '' or tostring(err))
  vim.wait(timeout, function()
    return vim.uv.fs_stat(dir .. '/' .. name .. '.taken') ~= nil
  end, 50)
end

local function wait(what, cond)
  if not vim.wait(15000, cond, 50) then
    error(what, 0)
  end
end

local function find(pattern)
  for row, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local col = line:find(pattern, 1, true)
    if col then
      return row, col - 1
    end
  end
  error(pattern .. ' not found', 0)
end

local function has(code)
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == code then
      return true
    end
  end
  return false
end

vim.schedule(function()
  step('diagnostics', 30000, function()
    vim.cmd.edit(vim.fn.fnameescape(workspace .. '/pump.c'))
    wait('no missing-param-spec and unknown-value diagnostics', function()
      return has('missing-param-spec') and has('unknown-value')
    end)
    local top = find('pump_prime - ')
    vim.cmd(('normal! %dGzt'):format(top - 1))
    vim.api.nvim_win_set_cursor(0, { find('int pump_prime('), 0 })
  end)
  step('hover', 30000, function()
    vim.cmd.edit(vim.fn.fnameescape(workspace .. '/main.c'))
    wait('kapi-lsp did not attach to main.c', function()
      return #vim.lsp.get_clients({ bufnr = 0, name = 'kapi' }) > 0
    end)
    local row, col = find('pump_prime(p, 0)')
    vim.api.nvim_win_set_cursor(0, { row, col + 3 })
    local polls = 0
    wait('no hover float with the summary', function()
      local float = false
      for _, w in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(w).relative ~= '' then
          float = true
          local text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false), '\n')
          if text:find(SUMMARY, 1, true) then
            return true
          end
        end
      end
      -- Ask (again, once a second: the workspace index may not have been ready) like K does.
      if not float and polls % 20 == 0 then
        vim.lsp.buf.hover()
      end
      polls = polls + 1
      return false
    end)
  end)
  vim.cmd('qall!')
end)
