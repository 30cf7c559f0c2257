"""MERGE HOOK (issue 13, point 1): where "Änderungen melden" sends an organisation that has
partner portal accounts.

Until the partner portal is on main this returns None, and every provider gets the simple public
form (its result becomes a proposed change). When merging the portal, return
``reverse("portal:offer_edit", kwargs={"lang": language, "pk": request.offer_id})`` for
organisations with at least one portal account, e.g.::

    if PartnerAccess.objects.filter(organisation_id=request.organisation_id).exists():
        return reverse("portal:offer_edit", kwargs={"lang": language, "pk": request.offer_id})
"""

from wegweiser.freshness.models import ConfirmationRequest


def portal_offer_edit_url(*, request: ConfirmationRequest, language: str) -> str | None:
    """The partner portal's edit page for the request's offer, or None for the public form."""
    return None
