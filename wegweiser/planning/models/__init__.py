"""Integrated social planning: indicators of need per municipality and date, compared with the
supply the catalog holds.

- ``Indicator``: what is measured (name, unit, topic, source, licence, level, aggregation).
- ``IndicatorValue``: one value of an indicator for one municipality (or the whole district) on one
  reference date, optionally for one part of a breakdown (age group, sex, nationality group).
- ``NationalityGroup``: a nationality group used as a breakdown part, and the languages its
  people are likely to need (a table staff edit).
- ``IndicatorImport``: one uploaded file of indicator values, checked by a dry run, then committed.
"""

from wegweiser.planning.models.imports import IndicatorImport
from wegweiser.planning.models.indicators import BREAKDOWNS, Indicator, IndicatorValue
from wegweiser.planning.models.languages import NationalityGroup

__all__ = ["BREAKDOWNS", "Indicator", "IndicatorImport", "IndicatorValue", "NationalityGroup"]
