-- wrk script for the directory search page by ZIP code, the way most visitors search: a random ZIP
-- from the site's own ZIP table with a random radius and filter. Almost every URL is new, so these
-- pages go through the output cache's store path (and its evictions) as well as a real search.
-- Reads the ZIP codes from the file named by ZIPS (one per line; see BENCHMARKS.md).
math.randomseed(7)
local zips = {}
for line in io.lines(os.getenv("ZIPS") or "/tmp/iopfinder-bench/zips.txt") do
  zips[#zips + 1] = line
end
local filters = { "", "&care=iop", "&care=iop&pay=medicaid", "&pay=private&pay=sliding", "&service=mat", "&lang=spanish&care=iop", "&accepting=yes" }
local radii = { "10", "25", "25", "50", "100" }

request = function()
  local path = string.format("/clinics?near=%s&radius=%s%s", zips[math.random(#zips)], radii[math.random(#radii)], filters[math.random(#filters)])
  return wrk.format("GET", path)
end
