"""A small OParl 1.1 server on 127.0.0.1 for the tests: serves the fixture JSON files of
``tests/oparl/`` (the system, the body list and the body's organization, meeting and paper
lists), filters lists by ``modified_since`` and pages them (``links.next``) as a real council
information system does. Tests change ``server.data`` to simulate changes in the system and
read ``server.requests`` to see what was asked."""

import copy
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from django.utils.dateparse import parse_datetime

FIXTURES = Path(__file__).parent / "oparl"
LISTS = {
    "/oparl/v1/bodies": "bodies",
    "/oparl/v1/body/1/organizations": "organizations",
    "/oparl/v1/body/1/meetings": "meetings",
    "/oparl/v1/body/1/papers": "papers",
}


class OParlServer:
    def __init__(self, *, per_page: int = 2) -> None:
        self.per_page = per_page
        self.requests: list[str] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.data: dict[str, Any] = {}
        for path in FIXTURES.glob("*.json"):
            text = path.read_text(encoding="utf-8").replace("{base}", self.base)
            self.data[path.stem] = json.loads(text)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def system_url(self) -> str:
        return f"{self.base}/oparl/v1/system"

    def item(self, kind: str, suffix: str) -> dict[str, Any]:
        """The fixture object of ``kind`` whose id ends with ``suffix`` (to change it)."""
        return next(i for i in self.data[kind] if i["id"].endswith(suffix))

    def _page(self, path: str, query: dict[str, list[str]]) -> dict[str, Any]:
        items = copy.deepcopy(self.data[LISTS[path]])
        since = query.get("modified_since", [None])[0]
        if since:
            moment = parse_datetime(since)
            items = [i for i in items if parse_datetime(i["modified"]) >= moment]  # type: ignore[operator]
        page = int(query.get("page", ["1"])[0])
        start = (page - 1) * self.per_page
        result: dict[str, Any] = {"data": items[start : start + self.per_page], "links": {}}
        if start + self.per_page < len(items):
            following = {"page": str(page + 1)} | ({"modified_since": since} if since else {})
            result["links"]["next"] = f"{self.base}{path}?{urllib.parse.urlencode(following)}"
        return result

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                parts = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parts.query)
                if parts.path == "/oparl/v1/system":
                    body: Any = server.data["system"]
                elif parts.path in LISTS:
                    body = server._page(parts.path, query)
                else:
                    self.send_error(404)
                    return
                payload = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> "OParlServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
