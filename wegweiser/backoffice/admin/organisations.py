from django.contrib import admin

from wegweiser.backoffice.admin.base import ServiceAdmin, TextDirectionMixin
from wegweiser.catalog.models import (
    Contact,
    Location,
    LocationTranslation,
    Organisation,
    OrganisationIdentifier,
    OrganisationTranslation,
    Phone,
)
from wegweiser.catalog.services.entities import (
    location_create,
    location_update,
    organisation_create,
    organisation_update,
)


class OrganisationTranslationInline(TextDirectionMixin, admin.StackedInline):
    model = OrganisationTranslation
    extra = 0
    fields = ["language", "description"]


class IdentifierInline(TextDirectionMixin, admin.TabularInline):
    model = OrganisationIdentifier
    extra = 0
    fields = ["identifier_scheme", "identifier_type", "identifier"]


class OrganisationContactInline(TextDirectionMixin, admin.TabularInline):
    model = Contact
    fk_name = "organisation"
    extra = 0
    fields = ["name", "title", "department", "email"]


class OrganisationPhoneInline(TextDirectionMixin, admin.TabularInline):
    model = Phone
    fk_name = "organisation"
    extra = 0
    fields = ["number", "extension", "kind", "description"]


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    create_service = organisation_create
    update_service = organisation_update
    update_kwarg = "organisation"
    list_display = ["name", "legal_status", "email", "updated_at"]
    search_fields = ["name", "alternate_name"]
    readonly_fields = ["slug", "audit_trail"]
    fields = [
        "district",
        "name",
        "slug",
        "alternate_name",
        "description",
        "website",
        "email",
        "legal_status",
        "year_incorporated",
        "audit_trail",
    ]
    inlines = [
        OrganisationTranslationInline,
        IdentifierInline,
        OrganisationContactInline,
        OrganisationPhoneInline,
    ]


class LocationTranslationInline(TextDirectionMixin, admin.StackedInline):
    model = LocationTranslation
    extra = 0
    fields = ["language", "description", "transportation", "accessibility_description"]


@admin.register(Location)
class LocationAdmin(ServiceAdmin):
    create_service = location_create
    update_service = location_update
    update_kwarg = "location"
    list_display = ["name", "kind", "city", "municipality", "accessibility"]
    list_filter = ["kind", "accessibility", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "address_1", "city"]
    autocomplete_fields = ["organisation"]
    inlines = [LocationTranslationInline]
    fields = [
        "district",
        "organisation",
        "kind",
        "name",
        "description",
        "address_1",
        "postal_code",
        "city",
        "municipality",
        "latitude",
        "longitude",
        "url",
        "transportation",
        "accessibility",
        "accessibility_description",
        "audit_trail",
    ]
