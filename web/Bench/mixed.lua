-- wrk script for traffic like a browser's: every request asks for compressed pages, 70% go to 400
-- popular searches (the same ZIP codes again and again) and 30% are one-off searches. Prints how
-- many responses the output cache served (they carry an Age header).
local common = dofile("web/Bench/common.lua")
local zips = common.zips()
math.randomseed(11)
wrk.headers["Accept-Encoding"] = "gzip, deflate, br, zstd"

request = function()
  if math.random() < 0.7 then
    return wrk.format("GET", "/clinics?near=" .. zips[math.random(400) * 80] .. "&care=iop")
  end
  return wrk.format("GET", string.format("/clinics?near=%s&radius=%s%s", zips[math.random(#zips)], common.radii[math.random(#common.radii)], common.filters[math.random(#common.filters)]))
end

-- Each wrk thread runs its own copy of this script: done() adds up what the threads counted.
local threads = {}
setup = function(thread) table.insert(threads, thread) end
cached, answered = 0, 0
response = function(status, headers, body)
  answered = answered + 1
  if headers["Age"] then cached = cached + 1 end
end
done = function(summary, latency, requests)
  local c, a = 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("cached")
    a = a + thread:get("answered")
  end
  io.write(string.format("served from the output cache: %d of %d (%.1f%%)\n", c, a, 100 * c / math.max(a, 1)))
end
