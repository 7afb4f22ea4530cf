-- Argo CD health check of a GdprJitsiMeet (key resource.customizations.health.gdprmeet.io_GdprJitsiMeet).
-- Argo CD runs it with gopher-lua and, unless useOpenLibs is set, only the base, table, package
-- and a reduced os library, so the script uses no string functions.
local health = { status = "Progressing", message = "Waiting for the operator to report a status" }
if obj.status == nil then
  return health
end

local conditions = {}
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type ~= nil then
      conditions[condition.type] = condition
    end
  end
end

-- The condition's message, or its reason when the message is empty.
local function describe(condition)
  if condition.message ~= nil and condition.message ~= "" then
    return condition.type .. ": " .. condition.message
  end
  return condition.type .. ": " .. (condition.reason or condition.status)
end

-- Conditions written for an older generation do not describe the current spec.
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if observed == nil or (generation ~= nil and observed < generation) then
  health.message = "Waiting for the operator to observe generation " .. (generation or "?")
  return health
end

local ready = conditions["Ready"]
local degraded = conditions["Degraded"]
local residency = conditions["DataResidency"]
local progressing = conditions["Progressing"]

if degraded ~= nil and degraded.status == "True" then
  health.status = "Degraded"
  health.message = describe(degraded)
  return health
end
if ready ~= nil and ready.status == "False" and (ready.reason == "InvalidSpec" or ready.reason == "NoEligibleNodes") then
  health.status = "Degraded"
  health.message = describe(ready)
  return health
end
if residency ~= nil and residency.status == "False" then
  health.status = "Degraded"
  health.message = describe(residency)
  return health
end
if ready ~= nil and ready.status == "True" then
  health.status = "Healthy"
  health.message = describe(ready)
  return health
end
if progressing ~= nil and progressing.status == "True" then
  health.message = describe(progressing)
  return health
end
if ready ~= nil then
  health.message = describe(ready)
end
return health
