"""The back office for the coordinating office's staff, on Django's admin. The admin is only an
interface: every write goes through the catalog's services (see ``base.ServiceAdmin``)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wegweiser.backoffice.admin import (  # noqa: F401
    access,
    confirmations,
    council,
    districts,
    editions,
    feedback,
    freshness,
    network,
    offers,
    organisations,
    partners,
    persons,
    planning,
    plans,
    reports,
    revisions,
    vocabularies,
)

admin.site.site_header = _("Wegweiser back office")
admin.site.site_title = _("Wegweiser")
admin.site.index_title = _("Catalog of offers")
# The start page: what waits for the staff (changes to review, overdue offers, open requests).
admin.site.index_template = "backoffice/index.html"
