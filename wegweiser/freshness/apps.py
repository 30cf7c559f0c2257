from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FreshnessConfig(AppConfig):
    name = "wegweiser.freshness"
    verbose_name = _("Keeping offers current")
