"""Writing partner accounts: invitations (signed, expiring, single-use links by e-mail), accepting
them, removing access, and what partners do with their offers in the portal (confirm, report as
ended, propose a new offer). Changes to offers are revisions (``revisions.services``): nothing a
partner does reaches the public without a reviewer."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wegweiser.access.policy import has
from wegweiser.catalog.models import Offer, Organisation
from wegweiser.catalog.services.offers import offer_create
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.freshness.models import OfferConfirmation
from wegweiser.freshness.services import confirmation_record
from wegweiser.partners import policy
from wegweiser.partners.models import Invitation, PartnerAccess
from wegweiser.revisions.models import Revision
from wegweiser.revisions.services import revision_propose

INVITATION_SALT = "wegweiser.partners.invitation"
INVITATION_DAYS = 14
INVITATION_ADD = "partners.add_invitation"
INVITATION_CHANGE = "partners.change_invitation"
ACCESS_DELETE = "partners.delete_partneraccess"


class InvitationInvalid(Exception):
    """An invitation link that does not work; ``reason`` is shown to the person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def invitation_token(invitation: Invitation) -> str:
    """The signed part of the invitation link (the id; expiry and single use are kept in the row)."""
    return signing.dumps(str(invitation.pk), salt=INVITATION_SALT, compress=False)


def invitation_from_token(token: str, *, lock: bool = False) -> Invitation:
    """The open invitation a link names; ``InvitationInvalid`` with a clear reason otherwise."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=dt.timedelta(days=INVITATION_DAYS + 1))
    except signing.SignatureExpired:
        raise InvitationInvalid(_("This invitation has expired. Ask for a new one.")) from None
    except signing.BadSignature:
        raise InvitationInvalid(
            _("This invitation link is not valid. Check that it was copied completely.")
        ) from None
    queryset = Invitation.objects.select_related("organisation", "organisation__district", "invited_by")
    if lock:
        queryset = queryset.select_for_update(of=("self",))  # not the (nullable) inviter
    invitation = queryset.filter(pk=pk).first()
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationInvalid(_("This invitation was withdrawn. Ask for a new one."))
    if invitation.accepted_at is not None:
        raise InvitationInvalid(_("This invitation has already been used. Log in with your account."))
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(_("This invitation has expired. Ask for a new one."))
    return invitation


def _may_invite(actor: Any, organisation: Organisation) -> bool:
    return has(actor=actor, permission=INVITATION_ADD, obj=organisation) or policy.partner_may(
        actor=actor, action=policy.MANAGE, obj=organisation
    )


def _send_invitation(invitation: Invitation, language: str) -> None:
    link = settings.WEGWEISER_PUBLIC_URL.rstrip("/") + reverse(
        "portal:invitation_accept", kwargs={"lang": language, "token": invitation_token(invitation)}
    )
    with translation.override(language):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "district": invitation.organisation.district,
            "link": link,
            "inviter": invitation.invited_by,
        }
        subject = _("Invitation to the partner portal of %(district)s") % {
            "district": invitation.organisation.district.name
        }
        body = render_to_string("partners/invitation_mail.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[invitation.email])
    try:
        message.send()
    except OSError as error:  # smtplib errors are OSErrors, as are refused connections
        raise ValidationError(
            _("The invitation could not be sent (%(error)s). Nothing was saved; try again later.")
            % {"error": error}
        ) from error


@transaction.atomic
def invitation_create(
    *, actor: Any, organisation: Organisation, email: str, is_manager: bool = False, language: str = "de"
) -> Invitation:
    """Invite ``email`` to act for ``organisation`` and send the link. Staff of the district
    invite, and so do the organisation's partner managers. An earlier open invitation of the same
    address for the organisation is withdrawn (its link stops working). When the e-mail cannot be
    sent, nothing is saved."""
    if not _may_invite(actor, organisation):
        raise PermissionDenied(_("You are not allowed to do this."))
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    if not email:
        raise ValidationError({"email": _("Enter an e-mail address.")})
    if PartnerAccess.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person already has access to the organisation.")})
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now, updated_at=now)
    invitation = Invitation(
        email=email,
        organisation=organisation,
        is_manager=is_manager,
        invited_by=user,
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
        sent_at=now,
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=invitation,
        target=organisation,
        summary=_("Invitation to the partner portal sent to %(email)s") % {"email": email},
    )
    _send_invitation(invitation, language)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> None:
    """Withdraw an open invitation: its link stops working."""
    if not (
        has(actor=actor, permission=INVITATION_CHANGE, obj=invitation)
        or policy.partner_may(actor=actor, action=policy.MANAGE, obj=invitation.organisation)
    ):
        raise PermissionDenied(_("You are not allowed to do this."))
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None or locked.revoked_at is not None:
        return
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.STATE,
        instance=locked,
        target=locked.organisation,
        summary=_("Invitation of %(email)s withdrawn") % {"email": locked.email},
    )


def _grant(invitation: Invitation, user: Any) -> PartnerAccess:
    access, created = PartnerAccess.objects.get_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"is_manager": invitation.is_manager, "granted_by": invitation.invited_by},
    )
    if not created and invitation.is_manager and not access.is_manager:
        access.is_manager = True
        access.save(update_fields=["is_manager", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        actor=user,
        action=AuditEntry.Action.CREATE,
        instance=access,
        target=invitation.organisation,
        summary=_("%(user)s accepted the invitation and acts for the organisation") % {"user": user},
    )
    policy.partner_forget(user)
    return access


@transaction.atomic
def invitation_accept(
    *, token: str, user: Any = None, password: str = "", first_name: str = "", last_name: str = ""
) -> Any:
    """Accept an invitation. A logged-in ``user`` whose e-mail address is the invited one gets
    access to one more organisation; without ``user`` a new partner account is created with
    ``password`` (Django's password validators). Returns the account. The link works once."""
    invitation = invitation_from_token(token, lock=True)
    User = get_user_model()
    if user is not None and getattr(user, "is_authenticated", False):
        if (user.email or "").lower() != invitation.email.lower():
            raise ValidationError(
                _(
                    "This invitation is for %(email)s, but you are logged in as %(user)s. Log out and "
                    "open the link again."
                )
                % {"email": invitation.email, "user": user.get_username()}
            )
        _grant(invitation, user)
        return user
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("An account with the address %(email)s exists already: log in first, then open the link again.")
            % {"email": invitation.email}
        )
    account = User(
        username=invitation.email[:150],
        email=invitation.email,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
        is_staff=False,
        is_superuser=False,
    )
    validate_password(password, user=account)
    account.set_password(password)
    account.full_clean(exclude=["password"])
    account.save()
    _grant(invitation, account)
    return account


@transaction.atomic
def partner_access_remove(*, actor: Any, access: PartnerAccess) -> None:
    """Take away a person's access to an organisation: staff of the district, or a manager of the
    organisation (not their own access, so that an organisation is not left without one by
    accident)."""
    staff = has(actor=actor, permission=ACCESS_DELETE, obj=access)
    if not staff:
        if not policy.partner_may(actor=actor, action=policy.MANAGE, obj=access.organisation):
            raise PermissionDenied(_("You are not allowed to do this."))
        if access.user_id == getattr(actor, "pk", None):
            raise ValidationError(_("You cannot remove your own access. Ask a colleague or the office."))
    locked = PartnerAccess.objects.select_for_update().filter(pk=access.pk).first()
    if locked is None:
        return
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=locked,
        target=locked.organisation,
        summary=_("%(user)s no longer acts for the organisation") % {"user": locked.user},
    )
    locked.delete()
    policy.partner_forget(locked.user)


@transaction.atomic
def partner_offer_confirm(*, actor: Any, offer: Offer) -> OfferConfirmation:
    """A partner confirms in the portal that a published offer is still current."""
    policy.partner_require(actor=actor, action=policy.CONFIRM, obj=offer)
    return confirmation_record(actor=actor, offer=offer, method=OfferConfirmation.Method.PORTAL)


@transaction.atomic
def partner_offer_report_ended(
    *, actor: Any, offer: Offer, ended_on: dt.date | None = None, note: str = ""
) -> Revision:
    """A partner reports that an offer has ended: a revision (status "no longer offered", end
    date) that a reviewer accepts — and then archives the offer — or rejects."""
    policy.partner_require(actor=actor, action=policy.PROPOSE, obj=offer)
    day = ended_on or timezone.localdate()
    data: dict[str, Any] = {"status": Offer.Status.DEFUNCT, "valid_to": day}
    if offer.valid_from and offer.valid_from > day:
        data["valid_from"] = day
    return revision_propose(
        actor=actor,
        target=offer,
        data=data,
        note=note or _("The offer has ended (reported by the provider)."),
    )


@transaction.atomic
def partner_offer_create(
    *, actor: Any, organisation: Organisation, data: dict[str, Any], note: str = ""
) -> Offer:
    """A partner proposes a new offer of its organisation: it is created in review and becomes
    public only when a reviewer publishes it."""
    policy.partner_require(actor=actor, action=policy.ADD_OFFER, obj=organisation)
    values = dict(data) | {
        "district": organisation.district,
        "organisation": organisation,
        "state": Offer.State.IN_REVIEW,
    }
    offer = offer_create(actor=actor, data=values)
    if note.strip():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=offer,
            summary=_("Note from the provider: %(note)s") % {"note": note.strip()[:250]},
        )
    return offer
