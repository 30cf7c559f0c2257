"""The synonyms every district starts with (staff change or delete them in *Suchen* ›
*Synonyme*). Single words only (see ``models.Synonym``); a word that already has an entry in
the district is left alone, so seeding again never overwrites what staff changed."""

from typing import Any

from django.db import transaction

from wegweiser.search.models import Synonym

# (search word, words of the same meaning, both directions)
DEFAULT_SYNONYMS: tuple[tuple[str, str, bool], ...] = (
    ("Kita", "Kindergarten, Kindertagesstätte, Kinderkrippe", True),
    ("Jobcenter", "Grundsicherung, Bürgergeld", False),
    ("Arbeitsamt", "Arbeitsagentur, Jobcenter", False),
    ("Ausländerbehörde", "Migrationsamt, Ausländeramt, Zuwanderungsbehörde", True),
    ("Deutschkurs", "Sprachkurs, Integrationskurs, Deutschunterricht", True),
    ("Einbürgerung", "Staatsangehörigkeit, Staatsbürgerschaft", True),
    ("Aufenthaltstitel", "Aufenthaltserlaubnis, Aufenthaltsrecht, Niederlassungserlaubnis", True),
    ("Dolmetscher", "Dolmetscherin, Sprachmittler, Sprachmittlung, Übersetzer", True),
    ("Flüchtlinge", "Geflüchtete, Asylsuchende, Schutzsuchende", True),
    ("Hausaufgabenhilfe", "Nachhilfe, Lernhilfe, Lernförderung", True),
    ("Schuldnerberatung", "Schuldenberatung, Schulden", True),
    ("Arzt", "Ärztin, Doktor, Hausarzt", True),
    ("Krankenkasse", "Krankenversicherung", True),
    ("Wohnung", "Wohnungssuche, Wohnraum, Unterkunft", False),
    ("Anerkennung", "Berufsanerkennung, Zeugnisanerkennung", False),
    ("Schwangerschaft", "Schwangere, Schwangerenberatung", True),
    ("Führerschein", "Fahrschule, Fahrerlaubnis", True),
)


def default_synonyms_add(*, synonym_model: Any, district_id: Any) -> int:
    """Create the default entries a district does not have (by search word); returns how many.
    Written for the data migration as well (``synonym_model`` may be the historical model)."""
    existing = {
        t.lower()
        for t in synonym_model.objects.filter(district_id=district_id).values_list("term", flat=True)
    }
    created = 0
    for term, equivalents, two_way in DEFAULT_SYNONYMS:
        if term.lower() in existing:
            continue
        synonym_model.objects.create(
            district_id=district_id, term=term, equivalents=equivalents, two_way=two_way
        )
        created += 1
    return created


@transaction.atomic
def synonyms_seed(*, actor: Any, district: Any) -> int:
    """Give ``district`` the default synonyms it lacks, through the audited service."""
    from wegweiser.search.services import synonym_create

    existing = {t.lower() for t in Synonym.objects.filter(district=district).values_list("term", flat=True)}
    created = 0
    for term, equivalents, two_way in DEFAULT_SYNONYMS:
        if term.lower() not in existing:
            synonym_create(
                actor=actor,
                data={"district": district, "term": term, "equivalents": equivalents, "two_way": two_way},
            )
            created += 1
    return created
