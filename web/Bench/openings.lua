-- wrk script for the directory's openings and schedule filters: every request asks about a different random
-- point (never output-cached) with the new filters in random combinations, beside a random code filter, so each
-- request runs a real search with the new tests and renders the results page.
local common = dofile("web/Bench/common.lua")
math.randomseed(43)

request = function()
  return wrk.format("GET", common.openings_path("/clinics"))
end
