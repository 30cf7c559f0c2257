"""Planning documents adopted by the council and its committees, their goals and measures, and
how funding programmes pay for them.

- ``PlanningDocument``: a strategy, specialist plan, partial plan, integration concept or measure
  planning, with the body that adopted it, decision number and date, period and version. An update
  (Fortschreibung) is a new document whose ``previous`` is the version it replaces.
- ``DocumentAttachment``: a file belonging to a document (the decision, the full text).
- ``Goal``: a goal of a document in one field of action; ``lineage`` is shared by the copies of
  the same goal across versions, so two versions can be compared.
- ``Measure``: what is done for a goal (target groups, municipalities, responsible organisation,
  period, status, the offers that implement it); ``lineage`` as for goals.
- ``MeasureStatusReport``: a dated status report (the status history of a measure).
- ``MeasureIndicator`` / ``MeasureIndicatorValue``: how a measure is measured (baseline, target)
  and, for manual indicators, its actual values; planning and catalog actuals are computed.
- ``MeasureFunding``: a programme's amount for a measure in one year, and the own share.
- ``ProgrammeBudget`` / ``ProgrammeDeadline``: a programme's budget per district and year and its
  application deadlines.
- ``OfferFunding``: how long a programme funds one offer (and how much per year).
"""

from wegweiser.plans.models.documents import DocumentAttachment, Goal, PlanningDocument
from wegweiser.plans.models.funding import MeasureFunding, OfferFunding, ProgrammeBudget, ProgrammeDeadline
from wegweiser.plans.models.measures import (
    Measure,
    MeasureIndicator,
    MeasureIndicatorValue,
    MeasureStatus,
    MeasureStatusReport,
)

__all__ = [
    "DocumentAttachment",
    "Goal",
    "Measure",
    "MeasureFunding",
    "MeasureIndicator",
    "MeasureIndicatorValue",
    "MeasureStatus",
    "MeasureStatusReport",
    "OfferFunding",
    "PlanningDocument",
    "ProgrammeBudget",
    "ProgrammeDeadline",
]
