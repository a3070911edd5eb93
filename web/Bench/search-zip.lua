-- wrk script for the directory search page by ZIP code, the way most visitors search: a random ZIP
-- from the site's own ZIP table with a random radius and filter. Almost every address is new, so
-- nearly every request runs a real search and renders a real page.
local common = dofile("web/Bench/common.lua")
local zips = common.zips()
math.randomseed(7)

request = function()
  local path = string.format("/clinics?near=%s&radius=%s%s", zips[math.random(#zips)], common.radii[math.random(#common.radii)], common.filters[math.random(#common.filters)])
  return wrk.format("GET", path)
end
