#!/usr/bin/env python3
"""A stand-in for the Jijiao server, for developing the load-test harness only.

It answers the contract's paths with plausible bodies, stores nothing, and sends one 503
with Retry-After every 50th login so the retry path is exercised. Run:
    python3 loadtest/dev/stub_server.py 18080
It is never a measure of anything; the real server replaces it.
"""
import itertools
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ids = itertools.count(1)
logins = itertools.count(1)
sessions = {}
capped = {"id": 2000, "capacity": 0, "taken": 0}


class Stub(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self):
        path = self.path.split("?")[0]
        if path in ("/bench/bare", "/health/live"):
            return self.answer(200, {"status": "UP"})
        if path == "/api/trainings":
            # Open, unlimited and without approval: the project the replay's teachers pick.
            return self.answer(200, {"items": [{"id": 1000, "name": "全员培训", "kind": "ALL_STAFF",
                                                "enrollmentOpen": True, "capacity": None,
                                                "needsApproval": False}]})
        if path.endswith("/recommendations"):
            return self.answer(200, {"items": [{"courseId": 100000 + i} for i in range(3)]})
        if path.startswith("/api/courses/"):
            return self.answer(200, {"id": int(path.rsplit("/", 1)[1]),
                                     "videos": [{"id": 200000, "durationSeconds": 600}]})
        if path == "/api/admin/ops/flush-status":
            return self.answer(200, {"pending": 0, "lagMs": 12})
        if path == "/api/admin/live/enrollments":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            try:
                for _ in range(30):
                    self.wfile.write(b'data: {"total": 1}\n\n')
                    self.wfile.flush()
                    time.sleep(1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        return self.answer(404, {"error": "not_found"})

    def do_POST(self):
        path = self.path
        body = self.body()
        if path == "/bench/bare":
            return self.answer(200, body)
        if path == "/api/auth/login":
            if next(logins) % 50 == 0:
                return self.answer(503, {"error": "overloaded"}, {"Retry-After": "1"})
            return self.answer(200, {"accessToken": "t", "refreshToken": "r", "expiresIn": 900})
        if path == "/api/auth/refresh":
            return self.answer(200, {"accessToken": "t", "refreshToken": "r", "expiresIn": 900})
        if path == "/api/admin/trainings":
            capped["capacity"] = body.get("capacity", 10)
            return self.answer(201, {"id": capped["id"]})
        if path == "/api/trainings/%d/enrollments" % capped["id"]:
            if capped["taken"] >= capped["capacity"]:
                return self.answer(409, {"error": "capacity_full"})
            capped["taken"] += 1
            return self.answer(201, {"id": next(ids)})
        if path.endswith("/enrollments"):
            return self.answer(201, {"id": next(ids)})
        if path.endswith("/selections"):
            return self.answer(201, {"id": next(ids), "courseId": body.get("courseId")})
        if path == "/api/learn/sessions":
            sid = "s%d" % next(ids)
            sessions[sid] = time.time()
            return self.answer(201, {"sessionId": sid, "resumeAt": 0, "heartbeatSeconds": 5,
                                     "durationSeconds": 600})
        if path == "/api/learn/heartbeats":
            opened = sessions.get(body.get("sessionId"), time.time())
            watched = min(int(time.time() - opened), body.get("position", 0))
            return self.answer(200, {"watchedSeconds": watched, "durationSeconds": 600,
                                     "completed": False})
        return self.answer(404, {"error": "not_found"})


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Stub).serve_forever()
