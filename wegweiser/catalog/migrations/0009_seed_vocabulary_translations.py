"""Names of the seeded vocabulary terms in the visitors' languages (wegweiser/catalog/vocabulary/).
Idempotent: a translation staff wrote stays; a missing or empty one is filled in."""

from django.db import migrations

from wegweiser.catalog.seed import term_uuid
from wegweiser.catalog.vocabulary import EASY_GERMAN, ROLES, VOCABULARY_LANGUAGES, term_names


def seed(apps, schema_editor):
    Language = apps.get_model("core", "Language")
    Term = apps.get_model("catalog", "TaxonomyTerm")
    TermTranslation = apps.get_model("catalog", "TaxonomyTermTranslation")
    code, name_de, name_en, native, rtl = EASY_GERMAN
    Language.objects.get_or_create(
        code=code,
        defaults={
            "name_de": name_de,
            "name_en": name_en,
            "native_name": native,
            "is_rtl": rtl,
            "sort_order": 0,
        },
    )
    known = set(Language.objects.filter(code__in=VOCABULARY_LANGUAGES).values_list("code", flat=True))
    for role in ROLES:
        for slug, names in term_names(role).items():
            term = Term.objects.filter(pk=term_uuid(role, slug)).first()
            if term is None:  # deleted by staff
                continue
            for language in VOCABULARY_LANGUAGES:
                if language not in known or not names.get(language):
                    continue
                row, created = TermTranslation.objects.get_or_create(
                    master=term, language_id=language, defaults={"name": names[language]}
                )
                if not created and not row.name:
                    TermTranslation.objects.filter(pk=row.pk).update(name=names[language])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_offertranslation_review"),
        ("core", "0004_merge_0003_add_version_0003_audit_entry_district"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
