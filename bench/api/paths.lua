-- wrk script: GET each path of $PATHS in turn with the tenant's key ($KEY).
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
    paths[#paths + 1] = line
end
local key = "Bearer " .. os.getenv("KEY")
local i = math.random(#paths)
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i], { ["Authorization"] = key })
end
