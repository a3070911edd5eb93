-- wrk script for the HSDS API: /hsds/services?per_page=50 at a random page of all listings (about 2,000 pages at
-- 100,000 listings), the plain listing a 211 pages through. load.sh must lift
-- the API's per-client budget and publish the demo listings: SERVER_ARGS="--Directory:ApiRequestsPerMinute=100000000 --Directory:HsdsDemoListings=true".
math.randomseed(44)
local pages = tonumber(os.getenv("HSDS_PAGES") or "2000")

request = function()
  return wrk.format("GET", string.format("/hsds/services?per_page=50&page=%d", math.random(pages)))
end
