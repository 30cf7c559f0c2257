"""Creating, changing and deleting indicators (reviewers of the district)."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from wegweiser.access import permissions
from wegweiser.access.policy import require
from wegweiser.core.services import create_audited, delete_audited, update_audited
from wegweiser.districts.models import District
from wegweiser.planning.models import Indicator

FIELDS = frozenset(
    {
        "code",
        "name",
        "unit",
        "topic",
        "description",
        "source",
        "licence",
        "level",
        "aggregation",
        "genesis_code",
        "decimals",
        "is_demo",
    }
)


@transaction.atomic
def indicator_create(*, actor: Any, district: District, data: Mapping[str, Any]) -> Indicator:
    require(actor=actor, permission=permissions.INDICATOR_ADD, district=district)
    unknown = set(data) - FIELDS
    if unknown:
        raise ValueError(f"Unknown indicator fields: {sorted(unknown)}")
    indicator = Indicator(
        district=district,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **data,
    )
    return create_audited(actor=actor, instance=indicator)


@transaction.atomic
def indicator_update(
    *, actor: Any, indicator: Indicator, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require(actor=actor, permission=permissions.INDICATOR_CHANGE, obj=indicator)
    return update_audited(
        actor=actor, instance=indicator, data=data, fields=FIELDS, expected_version=expected_version
    )


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    """Delete an indicator with all its values (the audit trail keeps the record)."""
    require(actor=actor, permission=permissions.INDICATOR_DELETE, obj=indicator)
    delete_audited(actor=actor, instance=indicator)
