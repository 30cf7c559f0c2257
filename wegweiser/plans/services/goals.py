"""Goals of a document."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from wegweiser.core.services import create_audited, delete_audited, update_audited
from wegweiser.plans.models import Goal, PlanningDocument
from wegweiser.plans.services.common import require_document_change

FIELDS = frozenset({"field_of_action", "title", "description", "position"})


@transaction.atomic
def goal_create(*, actor: Any, document: PlanningDocument, data: Mapping[str, Any]) -> Goal:
    require_document_change(actor=actor, document=document)
    unknown = set(data) - FIELDS
    if unknown:
        raise ValueError(f"Unknown goal fields: {sorted(unknown)}")
    return create_audited(actor=actor, instance=Goal(document=document, **data))


@transaction.atomic
def goal_update(
    *, actor: Any, goal: Goal, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require_document_change(actor=actor, document=goal.document)
    return update_audited(
        actor=actor, instance=goal, data=data, fields=FIELDS, expected_version=expected_version
    )


@transaction.atomic
def goal_delete(*, actor: Any, goal: Goal) -> None:
    """Delete a goal with its measures (the audit trail keeps the record)."""
    require_document_change(actor=actor, document=goal.document)
    delete_audited(actor=actor, instance=goal, target=goal.document)
