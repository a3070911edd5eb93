-- wrk script for the directory search page: every request asks about a different random point in
-- the contiguous United States with a random filter, so the output cache never answers for it and
-- each request runs a real search and renders a real page.
math.randomseed(42)
local filters = { "", "&care=iop", "&care=iop&pay=medicaid", "&pay=private&pay=sliding", "&service=mat", "&lang=spanish&care=iop", "&accepting=yes" }
local radii = { "10", "25", "25", "50", "100" }

request = function()
  local lat = 30 + math.random() * 17
  local lon = -120 + math.random() * 45
  local path = string.format("/clinics?lat=%.4f&lon=%.4f&radius=%s%s", lat, lon, radii[math.random(#radii)], filters[math.random(#filters)])
  return wrk.format("GET", path)
end
