"""Every existing district gets the default synonyms it lacks (``search.seed``); new districts
get them from ``district_setup``."""

from django.db import migrations


def seed(apps, schema_editor):
    from wegweiser.search.seed import default_synonyms_add

    Synonym = apps.get_model("search", "Synonym")
    District = apps.get_model("districts", "District")
    for district_id in District.objects.values_list("pk", flat=True):
        default_synonyms_add(synonym_model=Synonym, district_id=district_id)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_synonym"),
        ("districts", "0007_merge_0005_add_version_0006_merge_20261202_2202"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
