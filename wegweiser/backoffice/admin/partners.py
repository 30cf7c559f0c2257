"""Partner accounts in the back office: staff invite people of a provider by e-mail and take
access away again. Every write goes through ``partners.services`` and is recorded; lists and
pages are limited to the staff member's districts."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.backoffice.admin.base import DistrictScopedAdmin
from wegweiser.partners.models import Invitation, PartnerAccess
from wegweiser.partners.services import invitation_create, invitation_revoke, partner_access_remove


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["organisation", "email", "is_manager"]


@admin.register(Invitation)
class InvitationAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    form = InvitationForm
    list_display = ["email", "organisation", "state", "expires_at", "invited_by", "created_at"]
    list_select_related = ["organisation", "invited_by"]
    list_filter = [("organisation__district", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    actions = ["send_again", "withdraw"]

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj: Invitation) -> str:
        return obj.state_label()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["organisation", "email", "is_manager"]
        return [
            "organisation",
            "email",
            "is_manager",
            "state",
            "invited_by",
            "sent_at",
            "expires_at",
            "accepted_at",
            "accepted_by",
            "revoked_at",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj) if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Invitation, form: Any, change: bool) -> None:
        if change:
            return
        try:
            saved = invitation_create(
                actor=request.user, organisation=obj.organisation, email=obj.email, is_manager=obj.is_manager
            )
        except ValidationError as error:
            request._invitation_failed = True  # type: ignore[attr-defined]
            messages.error(request, " ".join(error.messages))
            return
        obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db
        messages.success(request, _("The invitation was sent to %(email)s.") % {"email": saved.email})

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> HttpResponse:
        if getattr(request, "_invitation_failed", False):
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect("../")

    @admin.action(
        description=gettext_lazy("Send the selected invitations again (new link)"), permissions=["add"]
    )
    def send_again(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        sent = 0
        for invitation in queryset.filter(accepted_at__isnull=True).select_related("organisation"):
            try:
                invitation_create(
                    actor=request.user,
                    organisation=invitation.organisation,
                    email=invitation.email,
                    is_manager=invitation.is_manager,
                )
            except ValidationError as error:
                messages.error(request, f"{invitation.email}: {' '.join(error.messages)}")
            else:
                sent += 1
        if sent:
            messages.success(request, _("%(count)d invitations sent again.") % {"count": sent})

    @admin.action(description=gettext_lazy("Withdraw the selected invitations"), permissions=["change"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        for invitation in queryset:
            invitation_revoke(actor=request.user, invitation=invitation)
        messages.success(request, _("The invitations were withdrawn."))


@admin.register(PartnerAccess)
class PartnerAccessAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    list_display = ["user", "user_email", "organisation", "is_manager", "granted_by", "created_at"]
    list_select_related = ["user", "organisation", "granted_by"]
    list_filter = ["is_manager", ("organisation__district", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    fields = ["user", "user_email", "organisation", "is_manager", "granted_by", "created_at"]
    readonly_fields = ["user", "user_email", "organisation", "is_manager", "granted_by", "created_at"]

    @admin.display(description=gettext_lazy("e-mail"))
    def user_email(self, obj: PartnerAccess) -> str:
        return obj.user.email

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # access comes from accepted invitations

    def delete_model(self, request: HttpRequest, obj: PartnerAccess) -> None:
        partner_access_remove(actor=request.user, access=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[PartnerAccess]) -> None:
        for access in queryset.select_related("user", "organisation"):
            partner_access_remove(actor=request.user, access=access)
