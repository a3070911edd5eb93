-- wrk script for the JSON API with the openings and schedule filters: the searches of openings.lua (a different
-- random point each time, so none is cached) through /api/v1/clinics, without the results page around them.
-- load.sh must lift the API's per-client budget: SERVER_ARGS="--Directory:ApiRequestsPerMinute=100000000".
local common = dofile("web/Bench/common.lua")
math.randomseed(43)
local starts = { "", "&start=7", "&start=14", "&start=30" }
local times = { "", "&time=evening", "&time=evening&time=weekend", "&time=daytime" }
local sorts = { "", "&sort=soonest" }

request = function()
  local lat = 30 + math.random() * 17
  local lon = -120 + math.random() * 45
  local path = string.format("/api/v1/clinics?lat=%.4f&lon=%.4f&radius=%s%s%s%s%s", lat, lon, common.radii[math.random(#common.radii)],
    common.filters[math.random(#common.filters)], starts[math.random(#starts)], times[math.random(#times)], sorts[math.random(#sorts)])
  return wrk.format("GET", path)
end
