from django.db import migrations

from wegweiser.catalog.seed import TAXONOMIES, taxonomy_uuid, term_uuid


def seed(apps, schema_editor):
    Taxonomy = apps.get_model("catalog", "Taxonomy")
    Term = apps.get_model("catalog", "TaxonomyTerm")
    TermTranslation = apps.get_model("catalog", "TaxonomyTermTranslation")
    for role, name_de, _name_en, terms in TAXONOMIES:
        taxonomy, _ = Taxonomy.objects.get_or_create(
            role=role, defaults={"id": taxonomy_uuid(role), "name": name_de, "slug": role.replace("_", "-")}
        )
        for order, (slug, de, en) in enumerate(terms):
            term, _ = Term.objects.get_or_create(
                taxonomy=taxonomy, slug=slug, defaults={"id": term_uuid(role, slug), "name": de, "sort_order": order, "code": slug},
            )
            TermTranslation.objects.get_or_create(master=term, language_id="en", defaults={"name": en})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial"), ("core", "0002_seed_languages")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
