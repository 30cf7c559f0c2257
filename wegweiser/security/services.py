"""Writing a staff user's second factor: start a TOTP device, confirm it with a first token."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry

DEVICE_NAME = "Authenticator-App"


def _require_staff(actor: Any) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.is_staff):
        raise PermissionDenied(_("You are not allowed to do this."))


@transaction.atomic
def totp_device_start(*, actor: Any) -> TOTPDevice:
    """The actor's unconfirmed TOTP device (a new secret), to be scanned and confirmed."""
    _require_staff(actor)
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, actor: Any, device: TOTPDevice, token: str) -> None:
    """Confirm ``device`` with a token from the app; from then on the actor logs in with one."""
    _require_staff(actor)
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied(_("You are not allowed to do this."))
    if not device.verify_token(token.replace(" ", "")):
        raise ValidationError(_("The code is not valid. Enter the current 6-digit code from the app."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=actor,
        changes={str(_("second factor")): ["—", DEVICE_NAME]},
        summary=_("Second factor set up"),
    )
