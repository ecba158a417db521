-- wrk script: POST the JSON file named after "--" on the wrk command line.
--   wrk -t1 -c16 -d5s -s benchmarks/post.lua http://127.0.0.1:8000/orders -- benchmarks/body.json
-- The request is built once per thread in init(), so wrk sends it without calling Lua again.

function init(args)
  local path = args[1] or "benchmarks/body.json"
  local file = assert(io.open(path, "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
