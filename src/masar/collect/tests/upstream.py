"""A local HTTP server shaped as KoBoToolbox's API v2 data endpoint, for pull tests and the
bench: paged with `count`/`next`, the `query` and `sort` parameters read as KoBo does, and
`_attachments` with download URLs served by the same server."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse


def _matches(record: dict[str, Any], query: dict[str, Any]) -> bool:
    for key, condition in query.items():
        if key == "$or":
            if not any(_matches(record, part) for part in condition):
                return False
        elif isinstance(condition, dict):
            value = record.get(key)
            if "$gt" in condition and not (value is not None and value > condition["$gt"]):
                return False
        elif record.get(key) != condition:
            return False
    return True


class KoboServer:
    """Serves `records` (a list, or a callable giving an iterator for generated ones) at
    /api/v2/assets/<uid>/data/; `fail_on_start` answers 500 for that `start` offset."""

    def __init__(self, records: list[dict[str, Any]] | None = None, *, token: str = "secret"):
        self.records: list[dict[str, Any]] = records or []
        self.generate: Callable[[], Iterator[dict[str, Any]]] | None = None
        self.count: int = 0
        self.token = token
        self.queries: list[dict[str, Any]] = []
        self.fail_on_start: int | None = None
        self.files: dict[str, bytes] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> KoboServer:
        self.thread.start()
        return self

    def __exit__(self, *args) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _send(self, handler, status: int, body: bytes, kind: str = "application/json") -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("Authorization") != f"Token {self.token}":
            self._send(handler, 401, b'{"detail": "Invalid token."}')
            return
        parsed = urlparse(handler.path)
        if parsed.path in self.files:
            self._send(handler, 200, self.files[parsed.path], "image/jpeg")
            return
        params = {key: values[0] for key, values in parse_qs(parsed.query).items()}
        query = json.loads(params.get("query") or "{}")
        start, limit = int(params.get("start", 0)), int(params.get("limit", 100))
        if start == 0:
            self.queries.append(query)
        if self.fail_on_start is not None and start == self.fail_on_start:
            self._send(handler, 500, b'{"detail": "Server error."}')
            return
        source = self.generate() if self.generate is not None else iter(self.records)
        count, page = 0, []
        for record in source:
            if _matches(record, query):
                if start <= count < start + limit:
                    page.append(record)
                count += 1
        following = None
        if start + limit < count:
            following = f"{self.url}{parsed.path}?" + urlencode({**params, "start": start + limit})
        body = {"count": count, "next": following, "previous": None, "results": page}
        self._send(handler, 200, json.dumps(body).encode())


class CentralServer(KoboServer):
    """ODK Central's session login and OData Submissions feed ($top, $skip, $count, a
    `__system/submissionDate ge` $filter), deleted submissions left out as Central does."""

    def __init__(self, rows: list[dict[str, Any]] | None = None):
        super().__init__(rows)
        self.filters: list[str] = []

        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.odata(self)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                self.rfile.read(length)
                server._send(self, 200, b'{"token": "central-token"}')

        self.httpd.RequestHandlerClass = Handler

    def odata(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("Authorization") != "Bearer central-token":
            self._send(handler, 401, b'{"code": 401.2}')
            return
        params = {k: v[0] for k, v in parse_qs(urlparse(handler.path).query).items()}
        condition = params.get("$filter", "")
        self.filters.append(condition)
        since = condition.rsplit(" ", 1)[-1] if condition else ""
        rows = [
            row
            for row in self.records
            if not row["__system"].get("deletedAt") and row["__system"]["submissionDate"] >= since
        ]
        skip, top = int(params.get("$skip", 0)), int(params.get("$top", 250))
        body = {"@odata.context": "…/$metadata#Submissions", "value": rows[skip : skip + top]}
        if params.get("$count") == "true":
            body["@odata.count"] = len(rows)
        self._send(handler, 200, json.dumps(body).encode())
