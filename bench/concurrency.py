"""The ``concurrency`` case: 8 editors save offers through the back office at the same time, over
HTTP against a gunicorn server on a SQLite file database (WAL, BEGIN IMMEDIATE, busy timeout).

Each editor is a thread with its own session (login, CSRF cookie): it opens the change form of a
random offer of a small shared pool (so that editors collide), changes the offer's notice and saves
the form exactly as a browser would send it, for ``seconds`` seconds. A save answers 302 (saved),
200 with the "someone else has saved" message (refused by the optimistic lock: a conflict, not an
error) or anything else (an error: a 500 "database is locked", a timeout, an unexpected form error).
Latency is measured around the POST of the form (the save), the GET of the form separately."""

import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from bench.stats import percentile

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("BENCH_PORT", "8111"))
EDITORS = 8
POOL = 16  # offers the editors work on: small enough that they sometimes collide
STALE_TEXT = "wurde inzwischen von jemand anderem gespeichert"


class FormFields(HTMLParser):
    """The fields a browser submits from the admin change form (``id="…_form"``)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or "__prefix__" in a.get("name", ""):
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Editor:
    def __init__(self, username: str, password: str) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )
        self.base = f"http://127.0.0.1:{PORT}"
        page = self.get("/admin/login/")
        self.post("/admin/login/", [("username", username), ("password", password), *self._csrf(page)])

    def _csrf(self, page: str) -> list[tuple[str, str]]:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return [("csrfmiddlewaretoken", found.group(1))] if found else []

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # 302 (not followed), 4xx, 5xx
            return error.code, error.read().decode(errors="replace")


def _edit_loop(editor: Editor, offer_ids: list[str], until: float, seed: int, out: dict[str, list]) -> None:
    rng = random.Random(seed)
    n = 0
    while time.monotonic() < until:
        path = f"/admin/catalog/offer/{rng.choice(offer_ids)}/change/"
        try:
            t0 = time.perf_counter()
            page = editor.get(path)
            out["open_ms"].append((time.perf_counter() - t0) * 1000)
            parser = FormFields()
            parser.feed(page)
            n += 1
            fields = [(k, v) for k, v in parser.fields if k != "alert"]
            fields.append(("alert", f"Hinweis {seed}-{n}"))
            fields.append(("_continue", "1"))
            t0 = time.perf_counter()
            status, body = editor.post(path, fields)
            elapsed = (time.perf_counter() - t0) * 1000
        except Exception as error:  # timeouts, refused connections
            out["errors"].append(repr(error)[:200])
            continue
        out["save_ms"].append(elapsed)
        if status == 302:
            out["saved"].append(1)
        elif status == 200 and STALE_TEXT in body:
            out["conflicts"].append(1)
        else:
            message = re.search(r'class="errornote">([^<]*)', body)
            out["errors"].append(f"HTTP {status} {message.group(1).strip() if message else body[:120]}")


def _server(env: dict[str, str]) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        "4",
        "--threads",
        "2",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/admin/login/", timeout=5).read()
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def measure_concurrency(*, district_key: str, seconds: int = 30) -> dict[str, Any]:
    """Run the editors against a gunicorn server on the benchmark database (already generated)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from wegweiser.access.roles import REVIEWER
    from wegweiser.access.services import membership_grant
    from wegweiser.catalog.models import Offer
    from wegweiser.districts.models import District

    # Reviewers: their saves change the published offers directly (an editor's save of a published
    # offer becomes a proposal for review, see docs/revisions.md), so every save is a real write.
    district = District.objects.get(key=district_key)
    users = []
    for n in range(EDITORS):
        user = get_user_model().objects.create_user(f"bench-editor-{n}", password="bench-pw", is_staff=True)
        membership_grant(actor=None, user=user, district=district, role=REVIEWER)
        users.append(user.get_username())
    offer_ids = [
        str(pk)
        for pk in Offer.objects.filter(district__key=district_key)
        .order_by("pk")
        .values_list("pk", flat=True)[:POOL]
    ]
    connection.close()
    server = _server(os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings"})
    try:
        editors = [Editor(name, "bench-pw") for name in users]
        results: dict[str, list] = {k: [] for k in ("saved", "conflicts", "errors", "save_ms", "open_ms")}
        load_before = os.getloadavg()[0]
        until = time.monotonic() + seconds
        started = time.perf_counter()
        threads = [
            threading.Thread(target=_edit_loop, args=(editor, offer_ids, until, n, results))
            for n, editor in enumerate(editors)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        load_after = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
    saves = results["save_ms"]
    return {
        "editors": EDITORS,
        "offers_edited": len(offer_ids),
        "seconds": round(wall, 1),
        "server": "gunicorn, 4 workers x 2 threads",
        # The machine is shared: its 1-minute load average (2 cores) before and after the run.
        "load_average": [round(load_before, 1), round(load_after, 1)],
        "saves_attempted": len(saves) + len([e for e in results["errors"] if not e.startswith("HTTP")]),
        "saved": len(results["saved"]),
        "conflicts_refused": len(results["conflicts"]),
        "errors": len(results["errors"]),
        "error_examples": sorted(set(results["errors"]))[:5],
        "saves_per_second": round(len(results["saved"]) / wall, 2),
        "save_median_ms": round(statistics.median(saves), 1) if saves else None,
        "save_p95_ms": round(percentile(saves, 0.95), 1) if saves else None,
        "save_max_ms": round(max(saves), 1) if saves else None,
        "open_median_ms": round(statistics.median(results["open_ms"]), 1) if results["open_ms"] else None,
    }
