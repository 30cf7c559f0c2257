"""Writing planning data: indicators (``indicators``), imports of their values (``imports``),
population from the municipalities (``population``), the nationality-group languages
(``languages``) and the import template (``templates``)."""

from wegweiser.planning.services.imports import (
    indicator_import_check,
    indicator_import_commit,
    indicator_values_import,
)
from wegweiser.planning.services.indicators import indicator_create, indicator_delete, indicator_update
from wegweiser.planning.services.languages import (
    nationality_group_create,
    nationality_group_delete,
    nationality_group_update,
    nationality_groups_seed,
)
from wegweiser.planning.services.population import population_indicators_sync
from wegweiser.planning.services.templates import indicator_template

__all__ = [
    "indicator_create",
    "indicator_delete",
    "indicator_import_check",
    "indicator_import_commit",
    "indicator_template",
    "indicator_update",
    "indicator_values_import",
    "nationality_group_create",
    "nationality_group_delete",
    "nationality_group_update",
    "nationality_groups_seed",
    "population_indicators_sync",
]
