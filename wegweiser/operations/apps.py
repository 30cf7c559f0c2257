from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running an instance: heartbeats of the worker and scheduler, health, retention, backup."""

    name = "wegweiser.operations"
    label = "operations"
    verbose_name = _("Operation")
