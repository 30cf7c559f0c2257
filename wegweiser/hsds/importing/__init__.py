"""Importing HSDS data into a district's catalog: ``importer.CatalogImporter`` runs the steps
(``entities``, ``offers`` with ``offer_parts`` and ``offer_writing``, ``translations``) over rows
parsed into ``rows.Row``. Only ``hsds.services.catalog_import`` uses it."""
