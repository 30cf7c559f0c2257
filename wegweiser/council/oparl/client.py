"""Talking to a council information system through OParl 1.1: a small interface (``OParlClient``,
one method: fetch one URL as JSON), its HTTP implementation, and the walk through a paginated
list (``data`` + ``links.next``). Tests put a local server behind the same interface."""

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from django.utils.translation import gettext as _

# A list longer than this many pages is taken for a server that links in a circle.
MAX_PAGES = 10_000


class OParlError(Exception):
    """The council information system did not answer as OParl 1.1 says (message for staff)."""


class OParlClient(Protocol):
    def get(self, url: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The JSON object at ``url`` (with ``params`` added to its query string)."""
        ...


def with_params(url: str, params: Mapping[str, str] | None) -> str:
    if not params:
        return url
    return url + ("&" if "?" in url else "?") + urllib.parse.urlencode(dict(params))


class HttpOParlClient:
    """OParl over HTTP(S) with urllib: JSON only, a timeout, errors as ``OParlError``."""

    def __init__(self, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.requests = 0

    def get(self, url: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        full = with_params(url, params)
        if urllib.parse.urlsplit(full).scheme not in ("http", "https"):
            raise OParlError(_("Not a web address: %(url)s") % {"url": full})
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            full, headers={"Accept": "application/json", "User-Agent": "Wegweiser OParl import"}
        )
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (checked above)
                data = json.load(response)
        except urllib.error.HTTPError as error:
            raise OParlError(
                _("The council information system answered %(status)s for %(url)s.")
                % {"status": error.code, "url": full}
            ) from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise OParlError(
                _("The council information system cannot be reached (%(reason)s): %(url)s")
                % {"reason": getattr(error, "reason", error), "url": full}
            ) from error
        except ValueError as error:
            raise OParlError(_("The answer of %(url)s is not JSON.") % {"url": full}) from error
        if not isinstance(data, dict):
            raise OParlError(_("The answer of %(url)s is not an OParl object.") % {"url": full})
        return data


def list_items(
    client: OParlClient, url: str, *, modified_since: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every object of the OParl list at ``url``, page by page (``links.next`` carries the
    query of the first request, as OParl 1.1 requires, so it is followed as it is)."""
    params = {"modified_since": modified_since} if modified_since else None
    page = client.get(url, params)
    seen = {with_params(url, params)}
    for _page in range(MAX_PAGES):
        items = page.get("data")
        if not isinstance(items, list):
            raise OParlError(_("%(url)s is not an OParl list (no data).") % {"url": url})
        yield from (item for item in items if isinstance(item, dict))
        following = (page.get("links") or {}).get("next")
        if not following:
            return
        if following in seen:
            raise OParlError(_("The list %(url)s links to a page it has shown already.") % {"url": url})
        seen.add(following)
        page = client.get(following)
    raise OParlError(_("The list %(url)s has more than %(count)s pages.") % {"url": url, "count": MAX_PAGES})
