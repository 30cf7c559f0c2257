"""An index in the directory's order of names (``facets.name_order``: ``LOWER(name)``, on
PostgreSQL in code-point order), so that browsing without a search reads one page of offers
in order instead of sorting the district's offers (issue 12)."""

from django.db import migrations

FORWARD = {
    "sqlite": "CREATE INDEX offer_public_by_sort_name ON catalog_offer (district_id, state, lower(name), id)",
    "postgresql": (
        'CREATE INDEX offer_public_by_sort_name ON catalog_offer (district_id, state, (lower(name) COLLATE "C"), id)'
    ),
}


def forward(apps, schema_editor):
    sql = FORWARD.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor in FORWARD:
        schema_editor.execute("DROP INDEX IF EXISTS offer_public_by_sort_name")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0009_seed_vocabulary_translations")]

    operations = [migrations.RunPython(forward, backward)]
