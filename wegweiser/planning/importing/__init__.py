"""Importing indicator values: the Wegweiser template (Excel or CSV) and the flat CSV files of the
statistical offices' GENESIS databases. Reading (``reading``, ``template``, ``genesis``) turns a
file into ``ParsedValue`` rows and reports problems by row and column; ``writing`` resolves keys
and indicators, finds duplicates and writes everything or nothing."""

from wegweiser.planning.importing.parsed import ParsedValue
from wegweiser.planning.importing.writing import indicator_values_apply

__all__ = ["ParsedValue", "indicator_values_apply"]
