"""Reads of plans, measures and funding. Every selector that takes ``actor`` starts from
``access.policy.scope`` with ``PLAN_VIEW`` and returns frozen dataclasses.

- ``measures_table``: one row per measure (for the workspace, CSV and committee reports).
- ``funding_totals``: amount, own share, measures and offers per programme and year.
- ``funding_ending``: the offers whose funding by a programme ends within a period.
- ``document_progress``: progress of a document per field of action and goal.
- ``document_compare``: two versions of a document side by side.
"""

from wegweiser.plans.selectors.compare import (
    DocumentComparison,
    FieldChange,
    GoalChange,
    IndicatorAtDates,
    MeasureChange,
    document_compare,
)
from wegweiser.plans.selectors.documents import document_get, document_versions, documents_list
from wegweiser.plans.selectors.funding import (
    EndingFundingRow,
    FundingTotalRow,
    FundingTotals,
    funding_ending,
    funding_totals,
    offer_plan_links,
)
from wegweiser.plans.selectors.measures import MeasureRow, measures_table
from wegweiser.plans.selectors.progress import (
    DocumentProgress,
    FieldProgress,
    GoalProgress,
    IndicatorProgress,
    MeasureProgress,
    document_progress,
    indicator_actual,
)

__all__ = [
    "DocumentComparison",
    "DocumentProgress",
    "EndingFundingRow",
    "FieldChange",
    "FieldProgress",
    "FundingTotalRow",
    "FundingTotals",
    "GoalChange",
    "GoalProgress",
    "IndicatorAtDates",
    "IndicatorProgress",
    "MeasureChange",
    "MeasureProgress",
    "MeasureRow",
    "document_compare",
    "document_get",
    "document_progress",
    "document_versions",
    "documents_list",
    "funding_ending",
    "funding_totals",
    "indicator_actual",
    "measures_table",
    "offer_plan_links",
]
