"""The signed one-click links in the confirmation e-mails.

A link carries the request's id, its nonce and the action, signed with the secret key and a salt
of its own (``django.core.signing``) and stamped with the time it was made. It is refused when
the signature does not match (tampered), when it is older than
``WEGWEISER_CONFIRMATION_LINK_DAYS`` (expired) or when the request was answered or its nonce
replaced since (used)."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "wegweiser.freshness.confirmation-link"
CURRENT, CHANGES, ENDED = "current", "changes", "ended"
ACTIONS = (CURRENT, CHANGES, ENDED)


class LinkInvalid(Exception):
    """The link was changed or is not one of ours (HTTP 400)."""


class LinkExpired(Exception):
    """The link is older than its lifetime (HTTP 410)."""


@dataclass(frozen=True)
class LinkData:
    request_id: uuid.UUID
    nonce: str
    action: str


def link_token(*, request_id: uuid.UUID, nonce: str, action: str) -> str:
    return signing.dumps({"r": str(request_id), "n": nonce, "a": action}, salt=SALT, compress=True)


def link_read(token: str) -> LinkData:
    """The content of a link token; raises ``LinkInvalid`` or ``LinkExpired``."""
    max_age = dt.timedelta(days=settings.WEGWEISER_CONFIRMATION_LINK_DAYS)
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    try:
        request_id = uuid.UUID(str(data["r"]))
        nonce, action = str(data["n"]), str(data["a"])
    except (KeyError, TypeError, ValueError) as error:
        raise LinkInvalid from error
    if action not in ACTIONS:
        raise LinkInvalid
    return LinkData(request_id=request_id, nonce=nonce, action=action)


def link_url(*, base_url: str, request_id: uuid.UUID, nonce: str, action: str, language: str = "de") -> str:
    """The absolute address of a link: the district's public address + the (German) page."""
    token = link_token(request_id=request_id, nonce=nonce, action=action)
    with translation.override(language):
        path = reverse("freshness:link", kwargs={"token": token})
    return base_url + path
