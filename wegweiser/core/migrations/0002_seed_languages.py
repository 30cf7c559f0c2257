from django.db import migrations

from wegweiser.core.seed import LANGUAGES


def seed(apps, schema_editor):
    Language = apps.get_model("core", "Language")
    for order, (code, de, en, native, rtl) in enumerate(LANGUAGES):
        Language.objects.update_or_create(
            code=code,
            defaults={"name_de": de, "name_en": en, "native_name": native, "is_rtl": rtl, "sort_order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
