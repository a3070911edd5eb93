-- wrk script for the directory's openings and schedule filters: every request asks about a different random
-- point (never output-cached) with "can start within", times of day and the soonest-start sort in random
-- combinations, beside a random code filter, so each request runs a real search with the new tests.
local common = dofile("web/Bench/common.lua")
math.randomseed(43)
local starts = { "", "&start=7", "&start=14", "&start=30" }
local times = { "", "&time=evening", "&time=evening&time=weekend", "&time=daytime" }
local sorts = { "", "&sort=soonest" }

request = function()
  local lat = 30 + math.random() * 17
  local lon = -120 + math.random() * 45
  local path = string.format("/clinics?lat=%.4f&lon=%.4f&radius=%s%s%s%s%s", lat, lon, common.radii[math.random(#common.radii)],
    common.filters[math.random(#common.filters)], starts[math.random(#starts)], times[math.random(#times)], sorts[math.random(#sorts)])
  return wrk.format("GET", path)
end
