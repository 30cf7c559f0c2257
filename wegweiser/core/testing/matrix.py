"""A permission matrix: every named URL of an interface × every role, with the answer each
role must get. A URL without an entry makes the test fail, so a new page cannot ship unchecked.

Roles: ``anonymous``, ``outsider`` (logged in, not staff), ``editor``, ``reviewer``, ``planner``
(members of the test district), ``superuser``, and ``other_reviewer`` (a reviewer of another
district). Object pages are opened with an object of the test district: staff of the other
district get 404 where a reviewer would get in, as if the object did not exist."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver

ROLES = ("anonymous", "outsider", "editor", "reviewer", "planner", "superuser", "other_reviewer")
STAFF = frozenset({"editor", "reviewer", "planner"})


@dataclass(frozen=True)
class Entry:
    """``roles``: the district's staff roles that get ``ok``; the others get ``denied``.
    ``obj``: the key of the object (of the test district) the URL is opened with, if any;
    ``district_bound``: whether that object belongs to a district (then ``other_reviewer`` gets
    404 wherever a reviewer gets in). ``status`` overrides the answer for single roles."""

    roles: frozenset[str] = frozenset()
    obj: str | None = None
    kwargs: dict[str, str] = field(default_factory=dict)
    query: str = ""
    ok: int = 200
    denied: int = 403
    district_bound: bool = True
    status: dict[str, int] = field(default_factory=dict)

    def expected(self, role: str) -> int:
        if role in self.status:
            return self.status[role]
        if role in ("anonymous", "outsider"):
            return 302  # to the login page
        if role == "superuser":
            return self.ok
        base = role.removeprefix("other_")
        allowed = base in self.roles
        if role != base and allowed and self.obj and self.district_bound:
            return 404
        return self.ok if allowed else self.denied


def url_names(patterns: list, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(name, route) of every named URL pattern, resolvers followed."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_names(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, prefix + str(pattern.pattern)
