-- wrk script for the directory search page: every request asks about a different random point in
-- the contiguous United States with a random filter. Searches by position are never output-cached,
-- so each request runs a real search and renders a real page.
local common = dofile("web/Bench/common.lua")
math.randomseed(42)

request = function()
  local lat = 30 + math.random() * 17
  local lon = -120 + math.random() * 45
  local path = string.format("/clinics?lat=%.4f&lon=%.4f&radius=%s%s", lat, lon, common.radii[math.random(#common.radii)], common.filters[math.random(#common.filters)])
  return wrk.format("GET", path)
end
