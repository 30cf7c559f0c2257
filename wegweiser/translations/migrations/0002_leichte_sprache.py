"""Leichte Sprache as a content language (``de-ls``): offers carry it as a translation row."""

from django.db import migrations


def seed(apps, schema_editor):
    Language = apps.get_model("core", "Language")
    Language.objects.get_or_create(
        code="de-ls",
        defaults={
            "name_de": "Leichte Sprache",
            "name_en": "Easy German (Leichte Sprache)",
            "native_name": "Leichte Sprache",
            "is_rtl": False,
            "sort_order": 1,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("translations", "0001_initial"), ("core", "0002_seed_languages")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
