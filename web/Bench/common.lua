-- What the wrk scripts share: the filter mixes and radii they pick from, and the site's ZIP codes.
-- wrk runs from the repository root (web/Bench/load.sh), so scripts load this as web/Bench/common.lua.
local common = {}

common.filters = { "", "&care=iop", "&care=iop&pay=medicaid", "&pay=private&pay=sliding", "&service=mat", "&lang=spanish&care=iop", "&accepting=yes" }
common.radii = { "10", "25", "25", "50", "100" }

-- The ZIP codes, one per line, from the file named by ZIPS (load.sh writes it from web/Places/zips.csv.gz).
function common.zips()
  local zips = {}
  for line in io.lines(os.getenv("ZIPS") or "/tmp/iopfinder-bench/zips.txt") do
    zips[#zips + 1] = line
  end
  return zips
end

-- A search from a random point with "can start within", times of day and the soonest-start sort in random
-- combinations (openings.lua for the page, api-openings.lua for the API); the caller seeds math.random.
local starts = { "", "&start=7", "&start=14", "&start=30" }
local times = { "", "&time=evening", "&time=evening&time=weekend", "&time=daytime" }
local sorts = { "", "&sort=soonest" }
function common.openings_path(path)
  local lat = 30 + math.random() * 17
  local lon = -120 + math.random() * 45
  return string.format("%s?lat=%.4f&lon=%.4f&radius=%s%s%s%s%s", path, lat, lon, common.radii[math.random(#common.radii)],
    common.filters[math.random(#common.filters)], starts[math.random(#starts)], times[math.random(#times)], sorts[math.random(#sorts)])
end

return common
