"""What a provider's click on a signed link in a confirmation e-mail does (no login).

- "Ist noch aktuell": ``confirmation_record`` (method "link", the organisation's address as
  the one who confirmed): the offer's assured date is set and the request closed.
- "Änderungen melden": a proposed change (``revision_propose``, proposer none) carrying the
  provider's description as note, for a reviewer; the request is closed as "changes reported".
- "Gibt es nicht mehr": a proposed change of the offer's status to "defunct" for a reviewer;
  nothing public changes until a reviewer accepts it.

Every answer replaces the request's nonce, so each link works once."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wegweiser.catalog.models import Offer
from wegweiser.freshness import links
from wegweiser.freshness.models import ConfirmationRequest, OfferConfirmation, new_nonce
from wegweiser.freshness.services.records import confirmation_record
from wegweiser.revisions.models import Revision
from wegweiser.revisions.services import revision_propose


class LinkUsed(Exception):
    """The request was answered already (by this or another link, by phone ...) (HTTP 410)."""


@dataclass(frozen=True)
class LinkAnswer:
    request: ConfirmationRequest
    revision: Revision | None = None


def _request(data: links.LinkData, *, lock: bool) -> ConfirmationRequest:
    queryset = ConfirmationRequest.objects.select_related("offer", "organisation", "district")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    request = queryset.filter(pk=data.request_id).first()
    if request is None:
        raise links.LinkInvalid
    if request.answered_at is not None or request.nonce != data.nonce:
        raise LinkUsed
    if request.offer.state != Offer.State.PUBLISHED:
        raise LinkUsed
    return request


def confirmation_link_open(*, token: str) -> tuple[links.LinkData, ConfirmationRequest]:
    """Read a link without changing anything (the page shown on GET). Raises
    ``links.LinkInvalid``, ``links.LinkExpired`` or ``LinkUsed``."""
    data = links.link_read(token)
    return data, _request(data, lock=False)


def _note(request: ConfirmationRequest, text: str, name: str, email: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        who = ", ".join(part for part in (name.strip(), email.strip()) if part) or request.organisation.email
        header = _("Reported through the link in the confirmation e-mail by %(who)s (%(organisation)s):") % {
            "who": who,
            "organisation": request.organisation.name,
        }
    return f"{header}\n{text.strip()}".strip()


@transaction.atomic
def confirmation_link_answer(*, token: str, text: str = "", name: str = "", email: str = "") -> LinkAnswer:
    """Carry out the link's action once. ``text``, ``name`` and ``email`` come from the form of
    "Änderungen melden" (and optionally "Gibt es nicht mehr"). Raises like
    ``confirmation_link_open``; nothing is changed then."""
    data = links.link_read(token)
    request = _request(data, lock=True)
    offer = request.offer
    email = email.strip() or request.organisation.email
    revision = None
    if data.action == links.CURRENT:
        confirmation_record(actor=None, offer=offer, method=OfferConfirmation.Method.LINK, email=email)
        request.refresh_from_db()
    else:
        if data.action == links.ENDED:
            with translation.override(settings.LANGUAGE_CODE):
                text = text.strip() or _("The offer no longer exists.")
            revision = revision_propose(
                actor=None,
                target=offer,
                data={} if offer.status == Offer.Status.DEFUNCT else {"status": Offer.Status.DEFUNCT},
                note=_note(request, text, name, email),
                allow_empty=True,
            )
            request.answer = ConfirmationRequest.Answer.ENDED
        else:
            revision = revision_propose(
                actor=None, target=offer, note=_note(request, text, name, email), allow_empty=True
            )
            request.answer = ConfirmationRequest.Answer.CHANGES
        request.answered_at = timezone.now()
        request.answered_by_email = email
        request.note = text.strip()
    request.nonce = new_nonce()
    request.save()
    return LinkAnswer(request=request, revision=revision)
