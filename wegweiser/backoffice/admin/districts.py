"""Districts, municipalities, languages and the audit trail. Reviewers edit their district's
settings (through ``district_update``, which allows only ``DISTRICT_SETTINGS``); everything else
here is read-only for staff."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from wegweiser.backoffice.admin.base import DistrictScopedAdmin, ServiceAdmin
from wegweiser.core.models import AuditEntry, Language
from wegweiser.districts.models import District, Municipality
from wegweiser.districts.services import DISTRICT_SETTINGS, district_update


class ReadOnlyAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(District)
class DistrictAdmin(ServiceAdmin):
    """Reviewers (permission ``change_district``) edit the settings; editors and planners read them.
    Districts are created by ``manage.py district_setup``, never here."""

    update_service = district_update
    update_kwarg = "district"
    list_display = ["name", "key", "office_name", "is_default", "is_demo"]
    fields = ["key", "slug", *DISTRICT_SETTINGS, "audit_trail"]
    readonly_fields = ["key", "slug", "audit_trail"]
    # Check boxes rather than the admin's two-list widget (whose search icons carry an
    # aria-label without a role, which axe reports); there are only a few dozen languages.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "languages":  # German is always included, so not offered
            kwargs["queryset"] = Language.objects.exclude(code="de")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["name", "ags", "kind", "population", "population_date", "area_km2", "postcode"]
    search_fields = ["name", "ags"]


@admin.register(Language)
class LanguageAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_de", "name_en", "native_name", "is_rtl"]
    search_fields = ["code", "name_de", "name_en"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_repr", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "summary"]
    list_select_related = ["actor"]
