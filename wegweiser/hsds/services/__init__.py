"""Writing through open data: ``catalog`` (import HSDS data into a district's catalog, export the
published catalog, the Excel template) and ``import_runs`` (the back office's upload, dry run and
commit of an import)."""

from wegweiser.hsds.services.catalog import (
    FORMATS,
    catalog_export,
    catalog_import,
    catalog_template,
    template_choices,
)
from wegweiser.hsds.services.import_runs import import_run_check, import_run_commit, import_run_require_access

__all__ = [
    "FORMATS",
    "catalog_export",
    "catalog_import",
    "catalog_template",
    "import_run_check",
    "import_run_commit",
    "import_run_require_access",
    "template_choices",
]
