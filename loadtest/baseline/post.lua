-- wrk script for the bare POST baseline: a heartbeat-sized JSON body.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"sessionId":"bench","seq":1,"position":42,"playing":true}'
