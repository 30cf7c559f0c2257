"""Bodies, their members (with the district's rules checked), calls for members, applications."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.access.permissions import BODY_ADD, BODY_CHANGE
from wegweiser.access.policy import require
from wegweiser.catalog.models import Organisation
from wegweiser.core.services import create_audited, delete_audited, unique_slug, update_audited
from wegweiser.districts.models import District
from wegweiser.network.models import (
    VOTING_ROLES,
    Body,
    BodyMember,
    MemberApplication,
    MemberCall,
    Person,
)

BODY_FIELDS = frozenset(
    {
        "kind",
        "name",
        "slug",
        "description",
        "is_public",
        "max_members",
        "max_foreign_nationals",
        "min_foreign_nationals",
        "min_age",
        "min_residence_months",
        "quorum_fraction",
        "is_demo",
    }
)
MEMBER_FIELDS = frozenset({"person", "organisation", "role", "term_from", "term_to"})
CALL_FIELDS = frozenset({"title", "text", "deadline"})


def _refuse_unknown(data: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Unknown {what} fields: {sorted(unknown)}")


@transaction.atomic
def body_create(*, actor: Any, district: District, data: Mapping[str, Any]) -> Body:
    require(actor=actor, permission=BODY_ADD, district=district)
    _refuse_unknown(data, BODY_FIELDS, "body")
    values = dict(data)
    if not values.get("slug"):
        values["slug"] = unique_slug(Body.objects.filter(district=district), values.get("name", ""), 100)
    return create_audited(actor=actor, instance=Body(district=district, **values))


@transaction.atomic
def body_update(
    *, actor: Any, body: Body, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require(actor=actor, permission=BODY_CHANGE, obj=body)
    _refuse_unknown(data, BODY_FIELDS, "body")
    return update_audited(
        actor=actor, instance=body, data=data, fields=BODY_FIELDS, expected_version=expected_version
    )


def members_active(*, body: Body, on: dt.date) -> Any:
    """The body's seats whose term covers ``on`` (open ends count as covering)."""
    return body.members.filter(
        Q(term_from__isnull=True) | Q(term_from__lte=on), Q(term_to__isnull=True) | Q(term_to__gte=on)
    )


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _min_foreign_check(body: Body, person: Person | None, seats: Any, count: int, errors: list[str]) -> None:
    """ "At least N foreign nationals": a seat for someone who is not a foreign national (or for an
    organisation alone) is refused when the seats left after it could no longer reach N. Without a
    maximum of members the minimum cannot be decided seat by seat and is not checked here."""
    if not body.min_foreign_nationals or body.max_members is None:
        return
    if (person is not None and person.is_foreign_national) or count >= body.max_members:
        return
    foreign = seats.filter(person__is_foreign_national=True).count()
    needed = body.min_foreign_nationals - foreign
    left = body.max_members - count - 1
    if needed > left:
        errors.append(
            _(
                "The body needs at least %(min)s members who are foreign nationals (%(count)s so far): "
                "after this member only %(left)s seats would remain."
            )
            % {"min": body.min_foreign_nationals, "count": foreign, "left": max(left, 0)}
        )


def member_rules_check(
    *,
    body: Body,
    person: Person | None,
    role: str,
    on: dt.date,
    exclude: BodyMember | None = None,
) -> None:
    """Raise ValidationError (German via the catalog) when a new seat would break the body's rules.
    The limits count the seats with a voting role (chair, deputy, member) active on ``on``."""
    errors: list[str] = []
    if role in VOTING_ROLES:
        seats = members_active(body=body, on=on).filter(role__in=VOTING_ROLES)
        if exclude is not None:
            seats = seats.exclude(pk=exclude.pk)
        count = seats.count()
        if body.max_members is not None and count >= body.max_members:
            errors.append(
                _("The body already has %(count)s members (at most %(max)s).")
                % {"count": count, "max": body.max_members}
            )
        if person is not None and person.is_foreign_national and body.max_foreign_nationals is not None:
            foreign = seats.filter(person__is_foreign_national=True).count()
            if foreign >= body.max_foreign_nationals:
                errors.append(
                    _("The body already has %(count)s members who are foreign nationals (at most %(max)s).")
                    % {"count": foreign, "max": body.max_foreign_nationals}
                )
        _min_foreign_check(body, person, seats, count, errors)
    if person is not None and body.min_age is not None:
        if person.birth_date is None:
            errors.append(
                _("The body requires a minimum age of %(age)s: the date of birth of %(name)s is missing.")
                % {"age": body.min_age, "name": person.name}
            )
        elif _age_on(person.birth_date, on) < body.min_age:
            errors.append(
                _("%(name)s is younger than %(age)s years, the body's minimum age.")
                % {"name": person.name, "age": body.min_age}
            )
    if person is not None and body.min_residence_months is not None:
        if person.resident_since is None:
            errors.append(
                _("The body requires %(months)s months of residence: %(name)s's moving-in date is missing.")
                % {"months": body.min_residence_months, "name": person.name}
            )
        elif _months_between(person.resident_since, on) < body.min_residence_months:
            errors.append(
                _("%(name)s has lived in the district for less than %(months)s months.")
                % {"name": person.name, "months": body.min_residence_months}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def member_add(
    *,
    actor: Any,
    body: Body,
    person: Person | None = None,
    organisation: Organisation | None = None,
    role: str = "member",
    term_from: dt.date | None = None,
    term_to: dt.date | None = None,
) -> BodyMember:
    """A new seat; refused with a German message when it breaks one of the body's rules."""
    require(actor=actor, permission=BODY_CHANGE, obj=body)
    if person is None and organisation is None:
        raise ValidationError(_("A member is a person, an organisation or both."))
    if person is not None and person.district_id != body.district_id:
        raise ValidationError({"person": _("The person belongs to another district.")})
    if organisation is not None and organisation.district_id != body.district_id:
        raise ValidationError({"organisation": _("The organisation belongs to another district.")})
    if term_from and term_to and term_to < term_from:
        raise ValidationError({"term_to": _("The term cannot end before it starts.")})
    Body.objects.select_for_update().filter(pk=body.pk).first()  # one seat at a time per body
    member_rules_check(body=body, person=person, role=role, on=term_from or timezone.localdate())
    member = BodyMember(
        body=body, person=person, organisation=organisation, role=role, term_from=term_from, term_to=term_to
    )
    return create_audited(actor=actor, instance=member, target=body)


@transaction.atomic
def member_update(*, actor: Any, member: BodyMember, data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Change a seat (role, term); the rules are checked again for the changed seat."""
    require(actor=actor, permission=BODY_CHANGE, obj=member.body)
    _refuse_unknown(data, MEMBER_FIELDS, "member")
    person = data.get("person", member.person)
    organisation = data.get("organisation", member.organisation)
    if person is not None and person.district_id != member.body.district_id:
        raise ValidationError({"person": _("The person belongs to another district.")})
    if organisation is not None and organisation.district_id != member.body.district_id:
        raise ValidationError({"organisation": _("The organisation belongs to another district.")})
    term_from = data.get("term_from", member.term_from)
    term_to = data.get("term_to", member.term_to)
    if term_from and term_to and term_to < term_from:
        raise ValidationError({"term_to": _("The term cannot end before it starts.")})
    if term_to is None or term_to >= timezone.localdate():
        member_rules_check(
            body=member.body,
            person=person,
            role=data.get("role", member.role),
            on=term_from or timezone.localdate(),
            exclude=member,
        )
    return update_audited(actor=actor, instance=member, data=data, fields=MEMBER_FIELDS, target=member.body)


@transaction.atomic
def member_remove(*, actor: Any, member: BodyMember) -> None:
    require(actor=actor, permission=BODY_CHANGE, obj=member.body)
    delete_audited(actor=actor, instance=member, target=member.body)


@transaction.atomic
def call_create(*, actor: Any, body: Body, data: Mapping[str, Any]) -> MemberCall:
    require(actor=actor, permission=BODY_CHANGE, obj=body)
    _refuse_unknown(data, CALL_FIELDS, "call")
    return create_audited(actor=actor, instance=MemberCall(body=body, **data), target=body)


@transaction.atomic
def call_update(*, actor: Any, call: MemberCall, data: Mapping[str, Any]) -> dict[str, list[str]]:
    require(actor=actor, permission=BODY_CHANGE, obj=call.body)
    _refuse_unknown(data, CALL_FIELDS, "call")
    return update_audited(actor=actor, instance=call, data=data, fields=CALL_FIELDS, target=call.body)


@transaction.atomic
def application_record(
    *, actor: Any, call: MemberCall, person: Person, text: str = "", received_at: dt.datetime | None = None
) -> MemberApplication:
    """An application received for ``call`` (after the deadline it is refused)."""
    require(actor=actor, permission=BODY_CHANGE, obj=call.body)
    if person.district_id != call.body.district_id:
        raise ValidationError({"person": _("The person belongs to another district.")})
    received = received_at or timezone.now()
    if timezone.localtime(received).date() > call.deadline:
        raise ValidationError(
            _("The deadline of this call was %(date)s.") % {"date": call.deadline.strftime("%d.%m.%Y")}
        )
    application = MemberApplication(call=call, person=person, text=text, received_at=received)
    return create_audited(actor=actor, instance=application, target=call.body)


@transaction.atomic
def application_decide(*, actor: Any, application: MemberApplication, status: str) -> dict[str, list[str]]:
    require(actor=actor, permission=BODY_CHANGE, obj=application.call.body)
    if status not in MemberApplication.Status.values:
        raise ValueError(f"Unknown application status: {status}")
    return update_audited(
        actor=actor,
        instance=application,
        data={"status": status},
        fields={"status"},
        target=application.call.body,
    )
