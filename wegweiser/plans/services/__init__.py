"""Writing plans, goals, measures and funding. Every service is keyword-only, atomic, takes the
acting user (None = the system), checks ``PLAN_CHANGE`` (reviewers) in the object's district and
records the change in the audit trail. A superseded version is history: it cannot be changed.

- ``documents``: document_create, document_update, document_adopt, document_update_version
  (Fortschreibung), document_attachment_add, document_attachment_delete.
- ``goals``: goal_create, goal_update, goal_delete.
- ``measures``: measure_create, measure_update, measure_delete, measure_status_report,
  measure_indicator_create, measure_indicator_update, measure_indicator_delete,
  measure_indicator_value_set.
- ``funding``: measure_funding_set, measure_funding_delete, programme_budget_set, programme_budget_delete,
  programme_deadline_create, programme_deadline_delete, offer_funding_set, offer_funding_delete.
"""

from wegweiser.plans.services.documents import (
    document_adopt,
    document_attachment_add,
    document_attachment_delete,
    document_create,
    document_update,
    document_update_version,
)
from wegweiser.plans.services.funding import (
    measure_funding_delete,
    measure_funding_set,
    offer_funding_delete,
    offer_funding_set,
    programme_budget_delete,
    programme_budget_set,
    programme_deadline_create,
    programme_deadline_delete,
)
from wegweiser.plans.services.goals import goal_create, goal_delete, goal_update
from wegweiser.plans.services.measures import (
    measure_create,
    measure_delete,
    measure_indicator_create,
    measure_indicator_delete,
    measure_indicator_update,
    measure_indicator_value_set,
    measure_status_report,
    measure_update,
)

__all__ = [
    "document_adopt",
    "document_attachment_add",
    "document_attachment_delete",
    "document_create",
    "document_update",
    "document_update_version",
    "goal_create",
    "goal_delete",
    "goal_update",
    "measure_create",
    "measure_delete",
    "measure_funding_delete",
    "measure_funding_set",
    "measure_indicator_create",
    "measure_indicator_delete",
    "measure_indicator_update",
    "measure_indicator_value_set",
    "measure_status_report",
    "measure_update",
    "offer_funding_delete",
    "offer_funding_set",
    "programme_budget_delete",
    "programme_budget_set",
    "programme_deadline_create",
    "programme_deadline_delete",
]
