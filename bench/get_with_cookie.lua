-- wrk script: GET with the session cookie in the COOKIE environment variable.
-- A redirect means the session did not hold (the sign-in page): each is
-- counted, and load.sh adds them to the errors.
wrk.headers["Cookie"] = "laurel_session=" .. os.getenv("COOKIE")

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    redirects = 0
end

function response(status, headers, body)
    if status >= 300 and status < 400 then
        redirects = redirects + 1
    end
end

function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("redirects")
    end
    io.write(string.format("Redirects: %d\n", total))
end
