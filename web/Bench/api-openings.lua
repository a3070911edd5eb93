-- wrk script for the JSON API with the openings and schedule filters: the searches of openings.lua through
-- /api/v1/clinics, without the results page around them. load.sh must lift the API's per-client budget:
-- SERVER_ARGS="--Directory:ApiRequestsPerMinute=100000000".
local common = dofile("web/Bench/common.lua")
math.randomseed(43)

request = function()
  return wrk.format("GET", common.openings_path("/api/v1/clinics"))
end
