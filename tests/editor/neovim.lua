-- Drives `fromlint server` from Neovim's built-in LSP client (0.7+): opens
-- the Dockerfile given as the current buffer, waits for diagnostics and
-- writes "code line:col" lines to $FROMLINT_NVIM_OUT.
local out = assert(os.getenv("FROMLINT_NVIM_OUT"))
local bin = assert(os.getenv("FROMLINT_BIN"))
local client = vim.lsp.start_client({
  name = "fromlint",
  cmd = { bin, "server" },
  root_dir = vim.fn.getcwd(),
})
vim.lsp.buf_attach_client(0, client)
local ok = vim.wait(10000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
local lines = {}
if ok then
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(lines, string.format("%s %d:%d", d.code or d.user_data.lsp.code, d.lnum + 1, d.col + 1))
  end
  table.sort(lines)
else
  lines = { "timeout: no diagnostics" }
end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(client)
vim.cmd("qa!")
