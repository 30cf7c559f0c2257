"""Where "Änderungen melden" sends a provider: organisations with partner portal accounts go to
the portal's edit page of the offer (login there); the others get the simple public form, whose
result becomes a proposed change."""

from django.urls import reverse

from wegweiser.freshness.models import ConfirmationRequest
from wegweiser.partners.models import PartnerAccess


def portal_offer_edit_url(*, request: ConfirmationRequest, language: str) -> str | None:
    """The partner portal's edit page for the request's offer, or None for the public form."""
    if not PartnerAccess.objects.filter(organisation_id=request.organisation_id).exists():
        return None
    lang = language if language in ("de", "en") else "de"
    return reverse("portal:offer_edit", kwargs={"lang": lang, "pk": request.offer_id})
