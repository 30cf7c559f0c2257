"""Checks every plans service shares."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wegweiser.access.permissions import PLAN_CHANGE
from wegweiser.access.policy import require
from wegweiser.plans.models import PlanningDocument


def require_document_change(*, actor: Any, document: PlanningDocument) -> None:
    """Reviewers of the document's district may change it, unless it is a superseded version."""
    require(actor=actor, permission=PLAN_CHANGE, obj=document)
    if document.status == PlanningDocument.Status.SUPERSEDED:
        raise ValidationError(
            _("This version has been superseded and can no longer be changed; change the current version.")
        )


def period_check(start: dt.date | None, end: dt.date | None, *, field: str = "period_end") -> None:
    if start and end and end < start:
        raise ValidationError({field: _("The end of the period lies before its start.")})
