"""Reviewed changes in the back office: an editor's save of a published offer becomes a proposal
(``ReviewedChangesMixin`` on the offer admin); reviewers compare and decide on a review page
per proposal ("Änderungen zur Prüfung")."""

import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseInlineFormSet, ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.backoffice.admin.base import DistrictScopedAdmin
from wegweiser.revisions.models import Revision
from wegweiser.revisions.selectors import (
    revision_diff,
    revision_list,
    revisions_decided_for,
    revisions_pending,
)
from wegweiser.revisions.services import (
    revision_approve,
    revision_conflicts,
    revision_propose,
    revision_reject,
    revision_required,
    revision_withdraw,
)
from wegweiser.revisions.targets import Target, dump, field_of, target_for

_FORM = "_wegweiser_revision_form"
_OUTCOME = "_wegweiser_revision_outcome"


def _part_changes(target: Target, formsets: list[BaseInlineFormSet]) -> dict[str, dict[str, Any]]:
    """What the inline forms change, as ``revision_propose`` takes it: rows by key, ``None``
    for a removed row; for existing rows only the fields that were changed."""
    parts: dict[str, dict[str, Any]] = {}
    for formset in formsets:
        part = next((p for p in target.parts if p.model is formset.model), None)
        if part is None:
            continue
        rows: dict[str, Any] = {}
        for number, form in enumerate(formset.forms):
            existing = number < formset.initial_form_count()
            deleted = formset.can_delete and bool(form.cleaned_data.get("DELETE"))
            values = {n: form.cleaned_data[n] for n in part.fields if n in form.cleaned_data}
            new_key = None
            if part.key != "id" and form.cleaned_data.get(part.key) is not None:
                new_key = str(dump(field_of(part.model, part.key), form.cleaned_data[part.key]))
            if existing:
                old_key = str(form.instance.pk) if part.key == "id" else str(form.initial.get(part.key))
                if deleted:
                    rows[old_key] = None
                elif new_key not in (None, old_key):  # a translation moved to another language
                    rows[old_key], rows[str(new_key)] = None, values
                elif form.has_changed():
                    rows[old_key] = {n: v for n, v in values.items() if n in form.changed_data}
            elif form.has_changed() and not deleted:
                rows[new_key or str(uuid.uuid4())] = values
        if rows:
            parts[part.name] = rows
    return parts


class ReviewedChangesMixin(admin.ModelAdmin):
    """For a ServiceAdmin of a model that takes revisions: when the user may not publish and
    the object is published, saving proposes the change instead of applying it."""

    change_form_template = "backoffice/offer_change_form.html"

    def _review_needed(self, request: HttpRequest, obj: Any) -> bool:
        return obj is not None and obj.pk is not None and revision_required(actor=request.user, target=obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if self._review_needed(request, obj):
            allowed = target_for(self.model).names()
            readonly += [
                f.name
                for f in self.model._meta.concrete_fields
                if f.editable and not f.primary_key and f.name not in allowed and f.name not in readonly
            ]
        return readonly

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if change and self._review_needed(request, obj):
            setattr(request, _FORM, form)  # proposed together with the inlines in save_related
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        if getattr(request, _FORM, None) is None:
            super().save_related(request, form, formsets, change)
            return
        target = target_for(self.model)
        names = set(target.fields) | set(target.m2m)
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in names}
        parts = _part_changes(target, formsets)
        outcome: Any = None
        if data or parts:
            try:
                outcome = revision_propose(actor=request.user, target=form.instance, data=data, parts=parts)
            except (ValidationError, PermissionDenied) as error:
                outcome = error
        setattr(request, _OUTCOME, outcome)

    def construct_change_message(
        self, request: HttpRequest, form: forms.Form, formsets: Any, add: bool = False
    ) -> Any:
        if getattr(request, _FORM, None) is not None:
            return [{"changed": {"fields": [str(_("Change proposed for review"))]}}]
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        if getattr(request, _FORM, None) is None:
            return super().response_change(request, obj)
        outcome = getattr(request, _OUTCOME, None)
        if isinstance(outcome, Revision):
            link = reverse("admin:revisions_revision_change", args=[outcome.pk])
            message = format_html(
                '{} <a href="{}">{}</a>',
                _(
                    "Your change has been kept as a proposal for review. The published version "
                    "stays public until a reviewer accepts it."
                ),
                link,
                _("Show the proposal"),
            )
            self.message_user(request, message, level=messages.SUCCESS)
        elif isinstance(outcome, ValidationError):
            self.message_user(request, " ".join(outcome.messages), level=messages.ERROR)
        elif isinstance(outcome, PermissionDenied):
            self.message_user(request, str(outcome), level=messages.ERROR)
        else:
            self.message_user(request, _("Nothing was changed."), level=messages.INFO)
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        if obj is not None and obj.pk is not None:
            context["pending_revisions"] = list(revisions_pending(target=obj))
            context["review_required"] = self._review_needed(request, obj)
            if request.user.is_authenticated:
                context["my_decided_revisions"] = revisions_decided_for(target=obj, proposer=request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (shown to the proposer)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60, "dir": "auto"}),
        max_length=2000,
    )


@admin.register(Revision)
class RevisionAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    """Proposals are district data: the list and every review page show only what
    ``revision_list`` lets the user read (their districts; editors their own proposals);
    another district's ids answer 404. Nothing is added, changed or deleted here: decisions
    go through the revision services."""

    list_display = ["target_repr", "proposer", "state", "updated_at", "decider", "decided_at"]
    list_filter = ["state"]
    search_fields = ["target_repr"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return revision_list(actor=request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None:
            return self.get_queryset(request).filter(pk=obj.pk).exists()
        return bool(request.user.has_perm("catalog.view_offer"))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<uuid:pk>/accept/", view(self.accept_view), name="revisions_revision_accept"),
            path("<uuid:pk>/reject/", view(self.reject_view), name="revisions_revision_reject"),
            path("<uuid:pk>/withdraw/", view(self.withdraw_view), name="revisions_revision_withdraw"),
            *super().get_urls(),
        ]

    def _revision(self, request: HttpRequest, pk: Any) -> Revision:
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            key = uuid.UUID(str(pk))
        except ValueError:
            raise Http404 from None
        revision = self.get_queryset(request).filter(pk=key).first()
        if revision is None:
            raise Http404
        return revision

    def _back(self, revision: Revision) -> HttpResponse:
        return redirect(reverse("admin:revisions_revision_change", args=[revision.pk]))

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        return self._review_page(request, self._revision(request, object_id), RejectForm())

    def _review_page(self, request: HttpRequest, revision: Revision, reject_form: RejectForm) -> HttpResponse:
        pending = revision.state == Revision.State.PENDING
        target = target_for(revision.target_type)
        opts = target.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Proposed change: %(object)s") % {"object": revision.target_repr},
            "revision": revision,
            "rows": revision_diff(revision=revision),
            "conflicts": revision_conflicts(revision=revision) if pending else [],
            "can_decide": pending and request.user.has_perm(target.publish_permission),
            "can_withdraw": pending and revision.proposer_id == request.user.pk,
            "reject_form": reject_form,
            "target_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[revision.target_id]
            ),
        }
        return render(request, "backoffice/revision_review.html", context)

    def _decide(self, request: HttpRequest, pk: uuid.UUID, service: Any, done: str) -> HttpResponseBase:
        revision = self._revision(request, pk)
        if request.method != "POST":
            return self._back(revision)
        try:
            service(actor=request.user, revision=revision)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
        else:
            self.message_user(request, done, level=messages.SUCCESS)
        return self._back(revision)

    def accept_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
        return self._decide(request, pk, revision_approve, _("The change has been accepted and is public."))

    def withdraw_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
        return self._decide(request, pk, revision_withdraw, _("The proposal has been withdrawn."))

    def reject_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
        revision = self._revision(request, pk)
        if request.method != "POST":
            return self._back(revision)
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                revision_reject(actor=request.user, revision=revision, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                self.message_user(request, _("The change has been rejected."), level=messages.SUCCESS)
                return self._back(revision)
        return self._review_page(request, revision, form)
