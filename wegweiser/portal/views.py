"""The partner portal: thin views over ``wegweiser.partners`` (services, selectors, policy) and
``wegweiser.revisions``. Server-rendered, works without JavaScript; German and English."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import formset_factory
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.catalog.models import Offer
from wegweiser.districts.selectors import district_content_languages
from wegweiser.partners import policy, selectors, services
from wegweiser.partners.models import Invitation, PartnerAccess
from wegweiser.portal import forms
from wegweiser.revisions import services as revision_services
from wegweiser.revisions.models import Revision
from wegweiser.revisions.selectors import revision_diff

ScheduleFormSet = formset_factory(forms.ScheduleForm, extra=1)
ContactFormSet = formset_factory(forms.ContactForm, extra=1)
PhoneFormSet = formset_factory(forms.PhoneForm, extra=1)
PlaceFormSet = formset_factory(forms.PlaceForm, extra=1)


def _activate(request: HttpRequest, lang: str) -> None:
    translation.activate(lang)
    request.LANGUAGE_CODE = lang  # type: ignore[attr-defined]


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(f"portal:{name}", kwargs={"lang": translation.get_language() or "de"} | kwargs)


def portal_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The language from the path; only logged-in partners get in: anonymous visitors go to the
    portal's login, other accounts (staff without partner access) are refused."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, lang: str, **kwargs: Any) -> HttpResponse:
        _activate(request, lang)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), _url(request, "login"))
        if not policy.is_partner(request.user):
            return render(request, "portal/no_access.html", status=403)
        return view(request, **kwargs)

    return wrapper


class LanguageMixin:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _activate(request, kwargs.pop("lang"))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PortalLoginView(LanguageMixin, auth_views.LoginView):
    template_name = "portal/login.html"

    def get_default_redirect_url(self) -> str:
        return _url(self.request, "home")


class PortalLogoutView(LanguageMixin, auth_views.LogoutView):
    def get_success_url(self) -> str:
        return _url(self.request, "login")


class PortalPasswordResetView(LanguageMixin, auth_views.PasswordResetView):
    template_name = "portal/password_reset_form.html"
    email_template_name = "portal/password_reset_email.txt"
    subject_template_name = "portal/password_reset_subject.txt"
    form_class = forms.PartnerPasswordResetForm

    def get_success_url(self) -> str:
        return _url(self.request, "password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"lang": translation.get_language()}
        return super().form_valid(form)


class PortalPasswordResetDoneView(LanguageMixin, auth_views.PasswordResetDoneView):
    template_name = "portal/password_reset_done.html"


class PortalPasswordResetConfirmView(LanguageMixin, auth_views.PasswordResetConfirmView):
    template_name = "portal/password_reset_confirm.html"

    def get_success_url(self) -> str:
        return _url(self.request, "password_reset_complete")


class PortalPasswordResetCompleteView(LanguageMixin, auth_views.PasswordResetCompleteView):
    template_name = "portal/password_reset_complete.html"


@portal_page
def home(request: HttpRequest) -> HttpResponse:
    blocks = selectors.partner_overview(actor=request.user)
    return render(request, "portal/home.html", {"blocks": blocks})


def _part_initial(offer: Offer) -> dict[str, list[dict[str, Any]]]:
    return {
        "schedules": [
            {
                "key": str(s.pk),
                "byday": [d for d in s.byday.split(",") if d],
                "opens_at": s.opens_at,
                "closes_at": s.closes_at,
                "notes": s.notes,
            }
            for s in offer.schedules.all()
        ],
        "contacts": [
            {"key": str(c.pk), "name": c.name, "title": c.title, "email": c.email}
            for c in offer.contacts.all()
        ],
        "phones": [
            {"key": str(p.pk), "number": p.number, "description": p.description} for p in offer.phones.all()
        ],
        "places": [
            {"key": str(p.pk), "location": p.location_id, "description": p.description}
            for p in offer.offer_locations.all()
        ],
    }


def _edit_forms(request: HttpRequest, offer: Offer) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else None
    initial = _part_initial(offer)
    existing = {t.language_id: t for t in offer.translations.all()}
    translations = []
    for language in district_content_languages(district=offer.district).exclude(code="de"):
        row = existing.get(language.code)
        values = {name: getattr(row, name) for name in forms.TRANSLATED} if row else {}
        form = forms.TranslationForm(data, prefix=f"tr-{language.code}", initial=values, language=language)
        translations.append((form, row is not None))
    return {
        "form": forms.OfferForm(data, instance=offer, district=offer.district),
        "translations": translations,
        "schedules": ScheduleFormSet(data, prefix="schedule", initial=initial["schedules"]),
        "contacts": ContactFormSet(data, prefix="contact", initial=initial["contacts"]),
        "phones": PhoneFormSet(data, prefix="phone", initial=initial["phones"]),
        "places": PlaceFormSet(
            data,
            prefix="place",
            initial=initial["places"],
            form_kwargs={"locations": forms.locations_for(offer)},
        ),
    }


def _proposal(offer: Offer, bound: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(data, parts) for ``revision_propose``, or None when a form has errors."""
    sets = [bound["schedules"], bound["contacts"], bound["phones"], bound["places"]]
    if not bound["form"].is_valid() or not all(f.is_valid() for f, _exists in bound["translations"]):
        return None
    if not all(s.is_valid() for s in sets):
        return None
    data = bound["form"].offer_data(
        current_terms=list(offer.terms.select_related("taxonomy")), changed_only=True
    )
    parts: dict[str, Any] = {}
    translations = {}
    for form, exists in bound["translations"]:
        changed, row = form.row(exists=exists)
        if changed:
            translations[form.language.code] = row
    if translations:
        parts["translations"] = translations
    for name, formset, required in [
        ("schedules", bound["schedules"], ("byday",)),
        ("contacts", bound["contacts"], ("name",)),
        ("phones", bound["phones"], ("number",)),
        ("offer_locations", bound["places"], ("location",)),
    ]:
        rows = forms.part_rows(list(formset), required=required)
        if any(f.errors for f in formset):
            return None
        if rows:
            parts[name] = rows
    return data, parts


@portal_page
def offer_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    offer = selectors.partner_offer(actor=request.user, pk=pk)
    bound = _edit_forms(request, offer)
    if request.method == "POST":
        proposal = _proposal(offer, bound)
        if proposal is not None:
            data, parts = proposal
            if not data and not parts:
                messages.info(request, _("You did not change anything."))
            else:
                try:
                    revision_services.revision_propose(
                        actor=request.user,
                        target=offer,
                        data=data,
                        parts=parts,
                        note=bound["form"].cleaned_data.get("note", ""),
                    )
                except ValidationError as error:
                    bound["form"].add_error(None, error)
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you. Your changes were sent to the office for review; "
                            "they become public once accepted."
                        ),
                    )
                    return HttpResponseRedirect(_url(request, "offer_edit", pk=offer.pk))
    revisions = selectors.partner_revisions(
        offer_ids=[offer.pk], organisation_ids=policy.partner_organisation_ids(request.user)
    )
    pending = [(r, revision_diff(revision=r)) for r in revisions if r.state == Revision.State.PENDING]
    decided = [(r, revision_diff(revision=r)) for r in revisions if r.state != Revision.State.PENDING][:5]
    return render(
        request,
        "portal/offer_edit.html",
        bound
        | {
            "offer": offer,
            "freshness": selectors.offer_freshness(offer=offer),
            "pending": pending,
            "decided": decided,
            "may_confirm": policy.partner_may(actor=request.user, action=policy.CONFIRM, obj=offer),
        },
    )


@require_POST
@portal_page
def offer_confirm(request: HttpRequest, pk: Any) -> HttpResponse:
    offer = selectors.partner_offer(actor=request.user, pk=pk)
    try:
        services.partner_offer_confirm(actor=request.user, offer=offer)
    except PermissionDenied:
        messages.error(request, _("Only published offers can be confirmed."))
    else:
        messages.success(request, _("Thank you: “%(name)s” is confirmed as current.") % {"name": offer.name})
    if request.POST.get("next") == "offer":
        return HttpResponseRedirect(_url(request, "offer_edit", pk=offer.pk))
    return HttpResponseRedirect(_url(request, "home"))


@portal_page
def offer_end(request: HttpRequest, pk: Any) -> HttpResponse:
    offer = selectors.partner_offer(actor=request.user, pk=pk)
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_offer_report_ended(
                actor=request.user,
                offer=offer,
                ended_on=form.cleaned_data["ended_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The office will take the offer out of the directory."))
            return HttpResponseRedirect(_url(request, "home"))
    return render(request, "portal/offer_end.html", {"offer": offer, "form": form})


@require_POST
@portal_page
def revision_withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    revision = Revision.objects.filter(
        pk=pk, proposer_id=request.user.pk, state=Revision.State.PENDING
    ).first()
    if revision is None:
        raise Http404
    offer = selectors.partner_offer(actor=request.user, pk=revision.target_id)
    try:
        revision_services.revision_withdraw(actor=request.user, revision=revision)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Your proposal was withdrawn."))
    return HttpResponseRedirect(_url(request, "offer_edit", pk=offer.pk))


@portal_page
def offer_new(request: HttpRequest, pk: Any) -> HttpResponse:
    organisation = selectors.partner_organisation(actor=request.user, pk=pk)
    instance = Offer(district=organisation.district, organisation=organisation)
    form = forms.NewOfferForm(request.POST or None, instance=instance, district=organisation.district)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.partner_offer_create(
                actor=request.user,
                organisation=organisation,
                data=form.offer_data(changed_only=False),
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. “%(name)s” was sent to the office; "
                    "it becomes public once a reviewer publishes it."
                )
                % {"name": offer.name},
            )
            return HttpResponseRedirect(_url(request, "home"))
    return render(request, "portal/offer_new.html", {"organisation": organisation, "form": form})


@portal_page
def colleagues(request: HttpRequest, pk: Any) -> HttpResponse:
    organisation = selectors.partner_organisation(actor=request.user, pk=pk)
    if not policy.partner_may(actor=request.user, action=policy.MANAGE, obj=organisation):
        raise PermissionDenied
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                is_manager=form.cleaned_data["is_manager"],
                language=translation.get_language() or "de",
            )
        except ValidationError as error:
            form.add_error("email" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return HttpResponseRedirect(_url(request, "colleagues", pk=organisation.pk))
    people = selectors.partner_colleagues(actor=request.user, organisation=organisation)
    return render(request, "portal/colleagues.html", people | {"organisation": organisation, "form": form})


@require_POST
@portal_page
def colleague_remove(request: HttpRequest, pk: Any, access_pk: Any) -> HttpResponse:
    organisation = selectors.partner_organisation(actor=request.user, pk=pk)
    access = (
        PartnerAccess.objects.filter(pk=access_pk, organisation=organisation).select_related("user").first()
    )
    if access is None:
        raise Http404
    try:
        services.partner_access_remove(actor=request.user, access=access)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(user)s no longer has access.") % {"user": access.user.email or access.user}
        )
    return HttpResponseRedirect(_url(request, "colleagues", pk=organisation.pk))


@require_POST
@portal_page
def invitation_revoke(request: HttpRequest, pk: Any, invitation_pk: Any) -> HttpResponse:
    organisation = selectors.partner_organisation(actor=request.user, pk=pk)
    invitation = Invitation.objects.filter(pk=invitation_pk, organisation=organisation).first()
    if invitation is None:
        raise Http404
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation was withdrawn."))
    return HttpResponseRedirect(_url(request, "colleagues", pk=organisation.pk))


def invitation_accept(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """Open to everyone with the link: set a password for a new partner account, or add the
    organisation to the account one is logged in with (the invited address)."""
    _activate(request, lang)
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationInvalid as invalid:
        return render(request, "portal/invitation_invalid.html", {"reason": invalid.reason}, status=400)
    user = request.user if request.user.is_authenticated else None
    has_account = user is None and get_user_model().objects.filter(email__iexact=invitation.email).exists()
    form = forms.AcceptForm(request.POST or None) if user is None and not has_account else None
    error = ""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            account = services.invitation_accept(
                token=token,
                user=user,
                password=form.cleaned_data["password1"] if form else "",
                first_name=form.cleaned_data["first_name"] if form else "",
                last_name=form.cleaned_data["last_name"] if form else "",
            )
        except services.InvitationInvalid as invalid:
            return render(request, "portal/invitation_invalid.html", {"reason": invalid.reason}, status=400)
        except ValidationError as problem:
            if form is not None:
                form.add_error("password1", problem)
            else:
                error = " ".join(problem.messages)
        else:
            if user is None:
                login(request, account, backend="wegweiser.access.backends.MembershipBackend")
            messages.success(
                request,
                _("Welcome! You now act for %(organisation)s.")
                % {"organisation": invitation.organisation.name},
            )
            return HttpResponseRedirect(_url(request, "home"))
    return render(
        request,
        "portal/invitation.html",
        {"invitation": invitation, "form": form, "has_account": has_account, "error": error, "token": token},
    )
