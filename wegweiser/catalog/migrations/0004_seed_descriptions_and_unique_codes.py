"""Descriptions for the seeded taxonomies and terms (HSDS requires one) and term codes that are
unique across taxonomies (``beratung`` was both a field of action and a kind of offer). Only
values still as seeded are changed: a description staff wrote or a code they chose stays."""

from django.db import migrations

from wegweiser.catalog.seed import (
    DESCRIPTIONS,
    TAXONOMIES,
    taxonomy_slug,
    taxonomy_uuid,
    term_code,
    term_uuid,
)


def forwards(apps, schema_editor):
    Taxonomy = apps.get_model("catalog", "Taxonomy")
    Term = apps.get_model("catalog", "TaxonomyTerm")
    for role, _name_de, _name_en, terms in TAXONOMIES:
        description, term_descriptions = DESCRIPTIONS[role]
        Taxonomy.objects.filter(pk=taxonomy_uuid(role), description="").update(description=description)
        for slug, *_names in terms:
            seeded = Term.objects.filter(pk=term_uuid(role, slug))
            seeded.filter(description="").update(description=term_descriptions[slug])
            seeded.filter(code=slug).update(code=term_code(taxonomy_slug(role), slug))


def backwards(apps, schema_editor):
    Term = apps.get_model("catalog", "TaxonomyTerm")
    for role, _name_de, _name_en, terms in TAXONOMIES:
        for slug, *_names in terms:
            Term.objects.filter(pk=term_uuid(role, slug), code=term_code(taxonomy_slug(role), slug)).update(
                code=slug
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_offer_public_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
