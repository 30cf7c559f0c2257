from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningUIConfig(AppConfig):
    """The planning workspace at /planung/ (an interface; the domain is ``wegweiser.planning``)."""

    name = "wegweiser.planningui"
    verbose_name = _("Planning workspace")
