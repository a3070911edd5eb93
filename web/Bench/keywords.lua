-- wrk script for directory searches with keywords: 10,000 distinct ones, each thread walking its own
-- share of the list, so every keyword is asked for once before any repeats. The list mixes the 676
-- two-letter prefixes (each matches thousands of listings: the largest sets the keyword cache can be
-- asked to hold) with ZIP codes (each matches a handful). It measures that memory stays bounded when
-- every search is new; load.sh's SERVER_ARGS lifts the per-client keyword limit for the run.
local common = dofile("web/Bench/common.lua")
local keywords = {}
local letters = "abcdefghijklmnopqrstuvwxyz"
for i = 1, #letters do
  for j = 1, #letters do
    keywords[#keywords + 1] = letters:sub(i, i) .. letters:sub(j, j)
  end
end
for _, zip in ipairs(common.zips()) do
  if #keywords >= 10000 then break end
  keywords[#keywords + 1] = zip
end

local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local step = 0
request = function()
  -- Two threads interleave: thread 0 takes even positions, thread 1 odd ones.
  local position = (step * 2 + (id or 0)) % #keywords + 1
  step = step + 1
  return wrk.format("GET", "/clinics?q=" .. keywords[position] .. common.filters[position % #common.filters + 1])
end
