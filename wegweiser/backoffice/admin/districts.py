"""Districts, municipalities, languages and the audit trail: read-only for staff; the
district's settings are changed by administrators."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wegweiser.backoffice.admin.base import DistrictScopedAdmin
from wegweiser.core.models import AuditEntry, Language
from wegweiser.districts.models import District, Municipality


class ReadOnlyAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["name", "key", "office_name", "is_default", "is_demo"]


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["name", "ags", "kind", "population", "postcode"]
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
