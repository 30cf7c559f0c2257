from django.contrib import admin

from wegweiser.backoffice.admin.base import ServiceAdmin, TextDirectionMixin
from wegweiser.backoffice.admin.plans import FundingProgrammePlansMixin
from wegweiser.catalog.models import FundingProgramme, Taxonomy, TaxonomyTerm, TaxonomyTermTranslation
from wegweiser.catalog.services.entities import (
    funding_programme_create,
    funding_programme_update,
    taxonomy_create,
    taxonomy_term_create,
    taxonomy_term_update,
    taxonomy_update,
)


@admin.register(Taxonomy)
class TaxonomyAdmin(ServiceAdmin):
    create_service = taxonomy_create
    update_service = taxonomy_update
    update_kwarg = "taxonomy"
    list_display = ["name", "role"]
    readonly_fields = ["slug", "audit_trail"]
    fields = ["name", "slug", "role", "description", "uri", "version", "audit_trail"]


class TermTranslationInline(TextDirectionMixin, admin.TabularInline):
    model = TaxonomyTermTranslation
    extra = 0
    fields = ["language", "name", "description"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(ServiceAdmin):
    create_service = taxonomy_term_create
    update_service = taxonomy_term_update
    update_kwarg = "term"
    list_display = ["name", "taxonomy", "parent", "sort_order"]
    list_filter = ["taxonomy"]
    search_fields = ["name"]
    readonly_fields = ["slug", "audit_trail"]
    fields = ["taxonomy", "parent", "name", "slug", "code", "description", "sort_order", "audit_trail"]
    inlines = [TermTranslationInline]


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(FundingProgrammePlansMixin, ServiceAdmin):
    create_service = funding_programme_create
    update_service = funding_programme_update
    update_kwarg = "programme"
    list_display = ["name", "short_name", "funder", "period_start", "period_end"]
    list_filter = ["funder"]
    search_fields = ["name", "short_name"]
    readonly_fields = ["slug", "audit_trail"]
    fields = [
        "district",
        "name",
        "short_name",
        "slug",
        "funder",
        "description",
        "url",
        "period_start",
        "period_end",
        "legal_basis",
        "funding_rate_percent",
        "own_share_percent",
        "audit_trail",
    ]
