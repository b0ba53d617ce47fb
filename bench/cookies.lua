-- wrk script for bench/load.sh: keeps the cookies as a browser does. The app renews the sign-in cookie (a new Set-Cookie)
-- when it checks the account's security stamp, once a minute per cookie (Sessions.ValidationInterval); a browser sends the
-- renewed cookie from then on, while wrk alone would send the first one for the whole run, and the app would check the
-- stamp again (the user, its claims, roles and role claims: five statements) and issue a new cookie on every request.
-- Each wrk thread keeps its own cookies, like a browser of its own. wrk shows a response's last Set-Cookie only; the
-- renewed sign-in cookie is written last (as the response starts), and load.sh starts from cookies that need no other.

local cookies, order = {}, {}
local request_text

local function set(name, value)
  if cookies[name] == nil then
    order[#order + 1] = name
  end
  cookies[name] = value
end

local function header()
  local parts = {}
  for _, name in ipairs(order) do
    local value = cookies[name]
    if value ~= nil and value ~= "" then
      parts[#parts + 1] = name .. "=" .. value
    end
  end
  return table.concat(parts, "; ")
end

function init(args)
  for pair in string.gmatch(wrk.headers["Cookie"] or "", "[^;]+") do
    local name, value = string.match(pair, "^%s*([^=]+)=(.*)$")
    if name then
      set(name, value)
    end
  end
end

function request()
  if request_text == nil then
    wrk.headers["Cookie"] = header()
    request_text = wrk.format()
  end
  return request_text
end

function response(status, headers, body)
  local cookie = headers["Set-Cookie"] or headers["set-cookie"]
  if cookie ~= nil then
    local name, value = string.match(cookie, "^%s*([^=;]+)=([^;]*)")
    if name then
      set(name, value) -- an expired cookie comes with an empty value and is no longer sent
      request_text = nil
    end
  end
end
