from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Hardening across the interfaces: refusing malformed input, login second factor."""

    name = "wegweiser.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from django.contrib import admin

        from wegweiser.security.forms import OTPAdminAuthenticationForm

        # The back office's login asks for the app's code when the user has set one up.
        admin.site.login_form = OTPAdminAuthenticationForm
        admin.site.login_template = "security/admin_login.html"
