from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Hardening across the interfaces: refusing malformed input, login second factor."""

    name = "wegweiser.security"
    label = "security"
    verbose_name = _("Security")
