"""The public pages behind the one-click links in the confirmation e-mails (no login).

Mail scanners (Outlook Safe Links and the like) open every link in an e-mail before the
recipient does. So opening a link (GET) only shows the offer and one button; the button (POST)
records the answer. Tampered links answer 400, expired and used ones 410, with a page that says
why and changes nothing."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wegweiser.freshness import links
from wegweiser.freshness.forms import LinkAnswerForm
from wegweiser.freshness.portal import portal_offer_edit_url
from wegweiser.freshness.services.answers import LinkUsed, confirmation_link_answer, confirmation_link_open

_REFUSED = {links.LinkInvalid: ("invalid", 400), links.LinkExpired: ("expired", 410), LinkUsed: ("used", 410)}


def _refused(request: HttpRequest, error: Exception) -> HttpResponse:
    reason, status = _REFUSED[type(error)]
    response = render(request, "freshness/link_refused.html", {"reason": reason}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        data, confirmation = confirmation_link_open(token=token)
    except (links.LinkInvalid, links.LinkExpired, LinkUsed) as error:
        return _refused(request, error)
    if data.action == links.CHANGES and request.method == "GET":
        portal = portal_offer_edit_url(request=confirmation, language=get_language() or "de")
        if portal:
            return HttpResponseRedirect(portal)
    form = None
    if data.action != links.CURRENT:
        form = LinkAnswerForm(
            request.POST if request.method == "POST" else None,
            initial={"email": confirmation.organisation.email},
            text_required=data.action == links.CHANGES,
        )
    context: dict[str, Any] = {
        "action": data.action,
        "confirmation": confirmation,
        "offer": confirmation.offer,
        "organisation": confirmation.organisation,
        "form": form,
    }
    if request.method == "POST" and (form is None or form.is_valid()):
        values = form.cleaned_data if form is not None else {}
        try:
            confirmation_link_answer(
                token=token,
                text=values.get("text", ""),
                name=values.get("name", ""),
                email=values.get("email", ""),
            )
        except (links.LinkInvalid, links.LinkExpired, LinkUsed) as error:
            return _refused(request, error)
        response = render(request, "freshness/link_done.html", context)
    else:
        status = 400 if request.method == "POST" else 200
        response = render(request, "freshness/link.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response
