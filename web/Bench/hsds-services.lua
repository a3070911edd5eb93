-- wrk script for the HSDS API: /hsds/services?per_page=50 at a random page of all listings (about 2,000 pages at
-- 100,000 listings), the plain listing a 211 pages through. Pages asked for again are served from the output cache,
-- as any page is; HSDS_UNCACHED=1 adds a parameter HSDS ignores, different every time, so every request is computed.
-- load.sh must lift the API's per-client budget and publish the demo listings:
-- SERVER_ARGS="--Directory:ApiRequestsPerMinute=100000000 --Directory:HsdsDemoListings=true".
math.randomseed(44)
local pages = tonumber(os.getenv("HSDS_PAGES") or "2000")
local uncached = os.getenv("HSDS_UNCACHED") == "1"
local n = 0

request = function()
  n = n + 1
  local path = string.format("/hsds/services?per_page=50&page=%d", math.random(pages))
  if uncached then
    path = path .. string.format("&nocache=%d-%d", n, math.random(1000000000))
  end
  return wrk.format("GET", path)
end
