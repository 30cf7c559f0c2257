from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only public HSDS 3.0 API: a thin layer over ``wegweiser.hsds``."""

    name = "wegweiser.api"
    label = "api"
    verbose_name = _("Open data API")
