-- wrk script: GET with the session cookie in the COOKIE environment variable.
wrk.headers["Cookie"] = "laurel_session=" .. os.getenv("COOKIE")
