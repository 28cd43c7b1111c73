-- Commands for kapi-lsp (the server itself is configured in lsp/kapi.lua):
--   :KapiRestart   restart the kapi-lsp clients of this Neovim
--   :KapiShowSpec  show the spec under the cursor as JSON (the server's kapi.showSpec command)
if vim.g.loaded_kapi then
  return
end
vim.g.loaded_kapi = true

local NAME = 'kapi'

local function notify(msg, level)
  vim.notify('kapi: ' .. msg, level or vim.log.levels.INFO)
end

--- JSON with two-space indentation and sorted keys (vim.json.encode has no indent in 0.11).
local function pretty(value, indent)
  indent = indent or ''
  local inner = indent .. '  '
  if value == vim.NIL or value == nil then
    return 'null'
  elseif type(value) == 'table' then
    if vim.tbl_isempty(value) then
      return (getmetatable(value) == getmetatable(vim.empty_dict()) or not vim.islist(value)) and '{}' or '[]'
    end
    local parts = {}
    if vim.islist(value) then
      for _, v in ipairs(value) do
        parts[#parts + 1] = inner .. pretty(v, inner)
      end
      return '[\n' .. table.concat(parts, ',\n') .. '\n' .. indent .. ']'
    end
    local keys = vim.tbl_keys(value)
    table.sort(keys, function(a, b)
      return tostring(a) < tostring(b)
    end)
    for _, k in ipairs(keys) do
      parts[#parts + 1] = inner .. vim.json.encode(tostring(k)) .. ': ' .. pretty(value[k], inner)
    end
    return '{\n' .. table.concat(parts, ',\n') .. '\n' .. indent .. '}'
  end
  return vim.json.encode(value)
end

local function restart()
  local clients = vim.lsp.get_clients({ name = NAME })
  if #clients == 0 then
    -- Nothing running: start it for the current buffer if vim.lsp.enable('kapi') covers it.
    local ok = pcall(vim.api.nvim_exec_autocmds, 'FileType', { group = 'nvim.lsp.enable', buffer = 0, modeline = false })
    if not ok or #vim.lsp.get_clients({ name = NAME, bufnr = 0 }) == 0 then
      notify('no kapi-lsp client to restart (is vim.lsp.enable("kapi") set and kapi-lsp on PATH?)', vim.log.levels.WARN)
    end
    return
  end
  for _, client in ipairs(clients) do
    local bufs = vim.tbl_keys(client.attached_buffers)
    local config = client.config
    local id = client.id
    client:stop()
    local waited = 0
    local timer = assert(vim.uv.new_timer())
    timer:start(50, 50, vim.schedule_wrap(function()
      waited = waited + 50
      local old = vim.lsp.get_client_by_id(id)
      if old and waited == 3000 then
        old:stop(true) -- force: the server did not answer shutdown in time
      end
      if old and waited < 6000 then
        return
      end
      timer:stop()
      timer:close()
      for _, buf in ipairs(bufs) do
        if vim.api.nvim_buf_is_valid(buf) then
          vim.lsp.start(config, { bufnr = buf })
        end
      end
      notify('server restarted')
    end))
  end
end

local function show_spec()
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ name = NAME, bufnr = buf })[1]
  if not client then
    notify('no kapi-lsp client is attached to this buffer', vim.log.levels.WARN)
    return
  end
  local win = vim.api.nvim_get_current_win()
  local params = vim.lsp.util.make_position_params(win, client.offset_encoding)
  client:request('workspace/executeCommand', {
    command = 'kapi.showSpec',
    arguments = { { textDocument = params.textDocument, position = params.position } },
  }, function(err, result)
    if err then
      notify('kapi.showSpec failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    if result == nil or result == vim.NIL then
      notify('no spec under the cursor', vim.log.levels.WARN)
      return
    end
    vim.cmd('botright new')
    local out = vim.api.nvim_get_current_buf()
    vim.bo[out].buftype = 'nofile'
    vim.bo[out].bufhidden = 'wipe'
    vim.bo[out].swapfile = false
    vim.api.nvim_buf_set_lines(out, 0, -1, false, vim.split(pretty(result), '\n'))
    vim.bo[out].filetype = 'json'
    vim.bo[out].modified = false
    pcall(vim.api.nvim_buf_set_name, out, 'kapi://spec/' .. out)
  end, buf)
end

vim.api.nvim_create_user_command('KapiRestart', restart, { desc = 'Restart kapi-lsp' })
vim.api.nvim_create_user_command('KapiShowSpec', show_spec, { desc = 'Show the KAPI spec under the cursor as JSON' })
