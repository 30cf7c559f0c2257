from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HsdsConfig(AppConfig):
    """Open data: the catalog as Open Referral HSDS 3.0 objects and tables, import and export."""

    name = "wegweiser.hsds"
    label = "hsds"
    verbose_name = _("Open data (HSDS)")
