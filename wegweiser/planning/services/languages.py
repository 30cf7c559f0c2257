"""The nationality groups of a district and the languages their people are likely to need."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from wegweiser.access import permissions
from wegweiser.access.policy import require
from wegweiser.core.models import Language
from wegweiser.core.services import create_audited, delete_audited, update_audited
from wegweiser.districts.models import District
from wegweiser.planning.models import NationalityGroup

FIELDS = frozenset({"code", "name", "note", "sort_order"})

# A starting point for every district (staff change it): the largest groups of foreign nationals
# in Germany (Destatis, Ausländerzentralregister) and the languages in which they are usually
# reached. "sonstige" collects every other nationality.
DEFAULT_GROUPS: list[tuple[str, str, list[str]]] = [
    ("ukraine", "Ukraine", ["uk", "ru"]),
    ("syrien", "Syrien", ["ar", "ku"]),
    ("afghanistan", "Afghanistan", ["prs", "fa", "ps"]),
    ("tuerkei", "Türkei", ["tr", "ku"]),
    ("rumaenien", "Rumänien", ["ro"]),
    ("polen", "Polen", ["pl"]),
    ("bulgarien", "Bulgarien", ["bg"]),
    ("irak", "Irak", ["ar", "ku"]),
    ("russland", "Russische Föderation", ["ru"]),
    ("vietnam", "Vietnam", ["vi"]),
    ("eritrea", "Eritrea", ["ti"]),
    ("iran", "Iran", ["fa"]),
    ("sonstige", "Sonstige Staatsangehörigkeiten", ["en"]),
]


@transaction.atomic
def nationality_group_create(
    *, actor: Any, district: District, data: Mapping[str, Any], languages: Iterable[Language] = ()
) -> NationalityGroup:
    require(actor=actor, permission=permissions.NATIONALITY_GROUP_ADD, district=district)
    unknown = set(data) - FIELDS
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    group = NationalityGroup(district=district, **data)
    return create_audited(actor=actor, instance=group, m2m={"languages": list(languages)})


@transaction.atomic
def nationality_group_update(
    *,
    actor: Any,
    group: NationalityGroup,
    data: Mapping[str, Any],
    languages: Iterable[Language] | None = None,
    expected_version: int | None = None,
) -> dict[str, list[str]]:
    require(actor=actor, permission=permissions.NATIONALITY_GROUP_CHANGE, obj=group)
    return update_audited(
        actor=actor,
        instance=group,
        data=data,
        m2m={"languages": list(languages)} if languages is not None else None,
        fields=FIELDS | {"languages"},
        expected_version=expected_version,
    )


@transaction.atomic
def nationality_group_delete(*, actor: Any, group: NationalityGroup) -> None:
    require(actor=actor, permission=permissions.NATIONALITY_GROUP_DELETE, obj=group)
    delete_audited(actor=actor, instance=group)


@transaction.atomic
def nationality_groups_seed(*, actor: Any, district: District) -> int:
    """Give a district without nationality groups the default table; returns how many were created
    (none if the district has any already: staff's table is never overwritten)."""
    require(actor=actor, permission=permissions.NATIONALITY_GROUP_ADD, district=district)
    if NationalityGroup.objects.filter(district=district).exists():
        return 0
    languages = Language.objects.in_bulk()
    for order, (code, name, codes) in enumerate(DEFAULT_GROUPS):
        nationality_group_create(
            actor=actor,
            district=district,
            data={"code": code, "name": name, "sort_order": order * 10},
            languages=[languages[c] for c in codes if c in languages],
        )
    return len(DEFAULT_GROUPS)
