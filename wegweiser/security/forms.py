"""The back office's login form with an optional second factor, and the TOTP setup form."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from wegweiser.security.two_factor import confirmed_device


class TokenField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Code from the authenticator app"))
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "one-time-code", "inputmode": "numeric"})


class OTPAdminAuthenticationForm(AdminAuthenticationForm):
    """User name and password, and a code from the app when the user has set one up. A wrong
    or missing code counts as a failed login (django-axes throttles it like a wrong password)."""

    otp_token = TokenField(required=False, help_text=_("Only if you have set up a second factor."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user is not None else None
        if device is None:
            return cleaned
        token = (cleaned.get("otp_token") or "").replace(" ", "")
        if token and device.verify_token(token):
            user.otp_device = device  # type: ignore[attr-defined]  # django-otp marks the session verified
            return cleaned
        user_login_failed.send(
            sender=__name__,
            credentials={"username": cleaned.get("username", "")},
            request=self.request,
        )
        self.user_cache = None
        raise forms.ValidationError(
            _("Enter the current code from your authenticator app.") if not token else
            _("The code is not valid. Enter the current 6-digit code from the app."),
            code="otp_token",
        )  # fmt: skip


class TokenForm(forms.Form):
    otp_token = TokenField(required=True)
