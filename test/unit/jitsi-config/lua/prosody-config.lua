-- Loads Prosody configuration files the way Prosody's configmanager does and prints the
-- resulting options as JSON ({ host = { option = value } }, "*" for global options).
--
-- Each file gets a fresh environment that starts in the global scope; VirtualHost and
-- Component switch the scope for the lines that follow, and a later assignment of the same
-- option replaces the earlier one. Include lines are ignored: the files to load are given on
-- the command line, in the order Prosody would include them.
--
-- Usage: lua5.4 prosody-config.lua FILE...

local config = { ["*"] = {} }

local function set(host, key, value)
  config[host] = config[host] or {}
  config[host][key] = value
end

local function parse(path)
  local file = assert(io.open(path, "r"))
  local data = file:read("a")
  file:close()

  local env
  env = setmetatable({}, {
    __index = function(_, key) return rawget(_G, key) end,
    __newindex = function(_, key, value) set(rawget(env, "__currenthost"), key, value) end,
  })
  rawset(env, "__currenthost", "*")

  local function host(name)
    rawset(env, "__currenthost", name)
    set(name, "defined", true)
    return function(options)
      rawset(env, "__currenthost", "*")
      for key, value in pairs(options) do set(name, key, value) end
    end
  end
  rawset(env, "VirtualHost", host)
  rawset(env, "Host", host)

  rawset(env, "Component", function(name)
    set(name, "component_module", "component")
    rawset(env, "__currenthost", name)
    local function options(values)
      rawset(env, "__currenthost", "*")
      for key, value in pairs(values) do set(name, key, value) end
    end
    return function(module)
      if type(module) == "string" then
        set(name, "component_module", module)
        return options
      end
      return options(module)
    end
  end)
  rawset(env, "Include", function() end)

  local chunk = assert(load(data, "@" .. path, "t", env))
  chunk()
end

local function sorted_keys(t)
  local keys = {}
  for key in pairs(t) do keys[#keys + 1] = key end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return keys
end

local function json(value)
  local kind = type(value)
  if kind == "string" then
    return '"' .. value:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
  elseif kind == "number" or kind == "boolean" then
    return tostring(value)
  elseif kind == "table" then
    local parts = {}
    if #value > 0 then
      for _, item in ipairs(value) do parts[#parts + 1] = json(item) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    for _, key in ipairs(sorted_keys(value)) do
      parts[#parts + 1] = json(tostring(key)) .. ":" .. json(value[key])
    end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  error("cannot print a " .. kind .. " option")
end

for i = 1, #arg do parse(arg[i]) end
print(json(config))
