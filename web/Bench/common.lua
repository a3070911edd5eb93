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

return common
