-- End-to-end checks of kapi-lsp in Neovim 0.11 through the project's own editors/nvim config.
--
--   nvim --headless --clean -i NONE -n -l tests/editors/nvim/test.lua REPO WORKSPACE KAPI_LSP
--
-- Prints one `PASS nvim: <check>` or `FAIL nvim: <check>: <why>` line per check and exits 1 if
-- any check failed. The workspace's files are edited in buffers only, never written.

local repo, workspace, server = arg[1], arg[2], arg[3]
if not (repo and workspace and server) then
  io.stderr:write('usage: nvim -l test.lua REPO WORKSPACE KAPI_LSP\n')
  os.exit(2)
end

local TIMEOUT = tonumber(vim.env.KAPI_TEST_TIMEOUT_MS or '') or 15000
local SUMMARY = 'Fill the pump chamber before the first stroke'

-- The config under test: editors/nvim on the runtimepath, as a plugin manager would put it.
vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.cmd('filetype on')
vim.cmd('runtime! plugin/kapi.lua')
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. 'IF'

local exits = {}
vim.lsp.config('kapi', {
  cmd = { server }, -- no subcommand: `kapi-lsp` alone serves LSP on stdio
  cmd_env = { KAPI_LSP_LOG = vim.env.KAPI_LSP_LOG or 'info' },
  on_exit = function(code, signal)
    exits[#exits + 1] = { code = code, signal = signal }
  end,
})
vim.lsp.enable('kapi')

local results = { passed = 0, failed = 0 }

--- One line on stdout (print() goes to stderr in headless mode).
local function say(line)
  io.stdout:write(line, '\n')
  io.stdout:flush()
end

local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    results.passed = results.passed + 1
    say(('PASS nvim: %s'):format(name))
  else
    results.failed = results.failed + 1
    -- The first line of the error is the reason; the traceback goes to stderr.
    local msg = tostring(err)
    say(('FAIL nvim: %s: %s'):format(name, (msg:gsub('\n.*', ''))))
    io.stderr:write(msg .. '\n')
  end
end

--- Waits for cond() to return a truthy value; raises `what` when it does not in time.
local function wait_for(what, cond, timeout)
  local value
  local ok = vim.wait(timeout or TIMEOUT, function()
    value = cond()
    return value ~= nil and value ~= false
  end, 20)
  if not ok then
    error(type(what) == 'function' and what() or what, 0)
  end
  return value
end

local function open(name)
  vim.cmd.edit(vim.fn.fnameescape(workspace .. '/' .. name))
  local buf = vim.api.nvim_get_current_buf()
  local client = wait_for(function()
    local e = exits[1]
    return ('kapi-lsp did not attach to %s%s'):format(
      name,
      e and (' (the server exited with code %d, signal %d)'):format(e.code, e.signal) or ''
    )
  end, function()
    return vim.lsp.get_clients({ bufnr = buf, name = 'kapi' })[1]
  end)
  return buf, client
end

--- The (0-based) row and column of the first match of `pattern` (plain) at or after row `from`.
local function find(buf, pattern, from)
  for row, line in ipairs(vim.api.nvim_buf_get_lines(buf, from or 0, -1, false)) do
    local col = line:find(pattern, 1, true)
    if col then
      return (from or 0) + row - 1, col - 1
    end
  end
  error(('%q not found in the buffer'):format(pattern), 0)
end

local function codes(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    out[#out + 1] = ('%s@%d:%d'):format(tostring(d.code), d.lnum + 1, d.col + 1)
  end
  table.sort(out)
  return table.concat(out, ' ')
end

local function diagnostic(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then
      return d
    end
  end
end

local function text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

--- The text of every floating window, and the windows themselves.
local function floats()
  local out = {}
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      out[#out + 1] = { win = w, text = text(vim.api.nvim_win_get_buf(w)) }
    end
  end
  return out
end

local function close_floats()
  for _, f in ipairs(floats()) do
    pcall(vim.api.nvim_win_close, f.win, true)
  end
end

local pump, client = nil, nil

check('server attaches to pump.c with the editors/nvim config', function()
  pump, client = open('pump.c')
  assert(client.config.root_dir == workspace, ('root_dir is %s, expected %s (the Kbuild marker)'):format(
    tostring(client.config.root_dir), workspace))
  assert(vim.bo[pump].filetype == 'c', 'filetype is ' .. vim.bo[pump].filetype)
end)

check('diagnostics carry their codes (missing-param-spec, unknown-value)', function()
  assert(pump, 'pump.c is not open')
  wait_for(function()
    return 'expected missing-param-spec and unknown-value, got: ' .. codes(pump)
  end, function()
    return diagnostic(pump, 'missing-param-spec') and diagnostic(pump, 'unknown-value')
  end)
  local d = diagnostic(pump, 'unknown-value')
  local row, col = find(pump, 'type: KAPI_TYPE_ULONG')
  col = col + #'type: '
  assert(d.lnum == row and d.col == col,
    ('unknown-value is at %d:%d, expected on KAPI_TYPE_ULONG at %d:%d'):format(d.lnum + 1, d.col + 1, row + 1, col + 1))
  local m = diagnostic(pump, 'missing-param-spec')
  local first = find(pump, 'pump_prime - ')
  local last = find(pump, 'int pump_prime(')
  assert(m.lnum >= first and m.lnum <= last,
    ('missing-param-spec is on line %d, expected within pump_prime\'s spec (%d-%d)'):format(m.lnum + 1, first + 1, last + 1))
  assert(m.message:find('flags', 1, true), 'missing-param-spec does not name flags: ' .. m.message)
end)

check('hover on a cross-file call shows the contract', function()
  local main = open('main.c')
  local row, col = find(main, 'pump_prime(p, 0)')
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 3 })
  local params = vim.lsp.util.make_position_params(0, 'utf-16')
  local value = wait_for(function()
    return 'no hover with "' .. SUMMARY .. '" on pump_prime(p, 0) in main.c'
  end, function()
    local res = vim.lsp.buf_request_sync(main, 'textDocument/hover', params, 2000) or {}
    for _, r in pairs(res) do
      local c = r.result and r.result.contents
      local v = type(c) == 'table' and (c.value or c[1]) or c
      if type(v) == 'string' and v:find(SUMMARY, 1, true) then
        return v
      end
    end
  end)
  assert(value:find('flags', 1, true), 'the hover does not mention the flags parameter')
  -- The real float, as a user sees it with K.
  vim.lsp.buf.hover()
  wait_for('vim.lsp.buf.hover() opened no float with the summary', function()
    for _, f in ipairs(floats()) do
      if f.text:find(SUMMARY, 1, true) then
        return true
      end
    end
  end, 5000)
  close_floats()
end)

check('completion after "type: " in a param block offers user_ptr', function()
  assert(pump, 'pump.c is not open')
  vim.api.nvim_set_current_buf(pump)
  local row = find(pump, 'type: ptr, input', find(pump, 'param: p'))
  local before = text(pump)
  vim.api.nvim_buf_set_lines(pump, row, row + 1, false, { ' *   type: ' })
  vim.api.nvim_win_set_cursor(0, { row + 1, #' *   type: ' })
  local params = vim.lsp.util.make_position_params(0, 'utf-16')
  local labels = {}
  local ok, err = pcall(wait_for, function()
    return 'no completion item user_ptr after "type: "; got: ' .. table.concat(labels, ', ')
  end, function()
    local res = vim.lsp.buf_request_sync(pump, 'textDocument/completion', params, 2000) or {}
    labels = {}
    for _, r in pairs(res) do
      local items = r.result and (r.result.items or r.result) or {}
      for _, item in ipairs(items) do
        labels[#labels + 1] = item.label
        local words = (item.label or '') .. ' ' .. (item.insertText or '') .. ' ' .. (item.filterText or '')
          .. ' ' .. ((item.textEdit or {}).newText or '')
        if words:lower():find('user_ptr', 1, true) then
          return true
        end
      end
    end
  end, 6000)
  -- Put the line back, whatever happened.
  vim.cmd('silent! undo')
  if text(pump) ~= before then
    vim.api.nvim_buf_set_lines(pump, 0, -1, false, vim.split(before, '\n'))
  end
  assert(ok, err)
end)

check('quick fix "Add param: flags block" applies and missing-param-spec goes away', function()
  assert(pump, 'pump.c is not open')
  vim.api.nvim_set_current_buf(pump)
  local d = wait_for('no missing-param-spec diagnostic to fix', function()
    return diagnostic(pump, 'missing-param-spec')
  end)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local titles = {}
  -- The real code-action path: with apply = true Neovim applies the one action left by the filter.
  vim.lsp.buf.code_action({
    context = { only = { 'quickfix' }, diagnostics = {} },
    filter = function(action)
      titles[#titles + 1] = action.title
      return action.title:find('param', 1, true) ~= nil and action.title:find('flags', 1, true) ~= nil
    end,
    apply = true,
  })
  wait_for(function()
    return 'no "param: flags" block was inserted; actions offered: ' .. table.concat(titles, ' | ')
  end, function()
    return text(pump):find('param: flags', 1, true)
  end, 6000)
  wait_for(function()
    return 'missing-param-spec is still reported after the fix: ' .. codes(pump)
  end, function()
    return not diagnostic(pump, 'missing-param-spec')
  end)
  assert(diagnostic(pump, 'unknown-value'), 'unknown-value vanished too: ' .. codes(pump))
end)

check('kapi.severity setting turns unknown-value off (didChangeConfiguration)', function()
  assert(client, 'no client')
  wait_for('no unknown-value diagnostic to turn off', function()
    return diagnostic(pump, 'unknown-value')
  end)
  client.settings = vim.tbl_deep_extend('force', client.settings, { kapi = { severity = { ['unknown-value'] = 'off' } } })
  client:notify('workspace/didChangeConfiguration', { settings = client.settings })
  wait_for(function()
    return 'unknown-value is still reported: ' .. codes(pump)
  end, function()
    return not diagnostic(pump, 'unknown-value')
  end)
  client.settings.kapi.severity['unknown-value'] = 'error'
  client:notify('workspace/didChangeConfiguration', { settings = client.settings })
  local d = wait_for('unknown-value did not come back as an error', function()
    local x = diagnostic(pump, 'unknown-value')
    return x and x.severity == vim.diagnostic.severity.ERROR and x
  end)
  assert(d)
end)

check(':KapiShowSpec opens the spec under the cursor as JSON', function()
  vim.api.nvim_set_current_buf(pump)
  local row, col = find(pump, 'int pump_set_rate(')
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 6 })
  vim.cmd('KapiShowSpec')
  local out = wait_for('no JSON buffer was opened', function()
    local b = vim.api.nvim_get_current_buf()
    return b ~= pump and vim.bo[b].filetype == 'json' and b
  end, 6000)
  local json = vim.json.decode(text(out))
  assert(type(json.api_details) == 'table', 'no api_details in ' .. text(out):sub(1, 200))
  assert(json.api_details.name == 'pump_set_rate', 'api_details.name is ' .. tostring(json.api_details.name))
  vim.cmd('close')
end)

check(':KapiRestart starts a new server that publishes diagnostics again', function()
  vim.api.nvim_set_current_buf(pump)
  local old = assert(vim.lsp.get_clients({ bufnr = pump, name = 'kapi' })[1], 'no client before restart')
  local old_id = old.id
  vim.cmd('KapiRestart')
  local new = wait_for('no new kapi client after :KapiRestart', function()
    local c = vim.lsp.get_clients({ bufnr = pump, name = 'kapi' })[1]
    return c and c.id ~= old_id and c.initialized and c
  end)
  wait_for(function()
    return 'no diagnostics from the restarted server: ' .. codes(pump)
  end, function()
    local ns = vim.lsp.diagnostic.get_namespace(new.id)
    return #vim.diagnostic.get(pump, { namespace = ns }) > 0
  end)
  assert(exits[1] and exits[1].code == 0, 'the old server did not exit cleanly: ' .. vim.inspect(exits[1]))
end)

for _, c in ipairs(vim.lsp.get_clients()) do
  c:stop()
end
vim.wait(3000, function()
  return #vim.lsp.get_clients() == 0
end)
say(('-- nvim: %d checks passed, %d failed'):format(results.passed, results.failed))
os.exit(results.failed == 0 and 0 or 1)
