"""Pages of the security app: the lockout page (django-axes) and the two-factor setup."""

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from wegweiser.security.forms import TokenForm
from wegweiser.security.services import totp_device_confirm, totp_device_start
from wegweiser.security.two_factor import confirmed_device, two_factor_required


def lockout(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' lockout response (``AXES_LOCKOUT_CALLABLE``): a German page, HTTP 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "security/lockout.html", context, status=429)


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Staff set up an authenticator app: scan the QR code (or type the key), confirm a code."""
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return redirect_to_login(request.get_full_path(), "admin:login")
    context = admin.site.each_context(request) | {
        "title": _("Second factor"),
        "required": two_factor_required(user),
    }
    if confirmed_device(user) is not None:
        return render(request, "security/two_factor_setup.html", context | {"done": True})
    device = totp_device_start(actor=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp_device_confirm(actor=user, device=device, token=form.cleaned_data["otp_token"])
        except ValidationError as exc:
            form.add_error("otp_token", exc)
        else:
            otp_login(request, device)
            messages.success(
                request, _("The second factor is set up. From now on, log in with a code from the app.")
            )
            return redirect("admin:index")
    secret = base64.b32encode(device.bin_key).decode()
    context |= {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "security/two_factor_setup.html", context)
