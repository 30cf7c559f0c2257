"""Memberships: who works for which district in which role. Only superusers manage them;
every change goes through ``access.services`` and is recorded."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from wegweiser.access.models import Membership
from wegweiser.access.services import membership_grant, membership_revoke
from wegweiser.backoffice.admin.base import DistrictScopedAdmin

# Roles are memberships now; groups grant nothing and are not offered.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Membership)
class MembershipAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    list_display = ["user", "district", "role", "updated_at"]
    list_filter = ["role", ("district", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__email", "user__last_name"]
    list_select_related = ["user", "district"]
    fields = ["user", "district", "role"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["user", "district"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Membership, form: ModelForm, change: bool) -> None:
        saved = membership_grant(actor=request.user, user=obj.user, district=obj.district, role=obj.role)
        obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        membership_revoke(actor=request.user, user=obj.user, district=obj.district)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for membership in queryset.select_related("user", "district"):
            self.delete_model(request, membership)
