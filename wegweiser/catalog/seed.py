"""The vocabularies a new installation starts with: (role, German name, English name, terms),
each term as (slug, German, English). Staff can edit and extend them afterwards.

The seeded rows get name-based UUIDs, the same in every installation, so that catalogs
exchanged between Wegweiser installations (HSDS import/export) share their vocabulary ids."""

import uuid

# Namespace of Wegweiser's name-based UUIDs (uuid5); never change it.
WEGWEISER_NAMESPACE = uuid.UUID("0b0f6a52-5c1e-4c4f-9a57-7e8d2b7f3a10")


def taxonomy_uuid(role: str) -> uuid.UUID:
    return uuid.uuid5(WEGWEISER_NAMESPACE, f"taxonomy:{role}")


def term_uuid(role: str, slug: str) -> uuid.UUID:
    return uuid.uuid5(WEGWEISER_NAMESPACE, f"taxonomy-term:{role}:{slug}")


TAXONOMIES = [
    (
        "field_of_action",
        "Handlungsfelder",
        "Fields of action",
        [
            ("sprache-bildung", "Sprache & Bildung", "Language & education"),
            ("ausbildung-arbeit", "Ausbildung & Arbeit", "Training & work"),
            ("teilhabe", "Gesellschaftliche Teilhabe & Mitgestaltung", "Social participation & co-shaping"),
            ("beratung", "Beratung & Orientierung", "Counselling & orientation"),
            ("familie-kinder", "Familie & Kinder", "Family & children"),
            ("gesundheit-pflege", "Gesundheit & Pflege", "Health & care"),
            ("wohnen", "Wohnen", "Housing"),
            (
                "praevention",
                "Gewalt- und Radikalisierungsprävention",
                "Violence and radicalisation prevention",
            ),
            ("freizeit-kultur-sport", "Freizeit, Kultur & Sport", "Leisure, culture & sport"),
        ],
    ),
    (
        "target_group",
        "Zielgruppen",
        "Target groups",
        [
            ("kinder", "Kinder", "Children"),
            ("jugendliche", "Jugendliche und junge Erwachsene", "Young people and young adults"),
            ("erwachsene", "Erwachsene", "Adults"),
            ("familien", "Familien", "Families"),
            ("frauen", "Frauen", "Women"),
            ("senioren", "Senior:innen", "Older people"),
            ("gefluechtete", "Geflüchtete", "Refugees"),
            ("neuzugewanderte", "Neuzugewanderte", "Newly arrived immigrants"),
            ("arbeitsuchende", "Arbeit- und Ausbildungsuchende", "People looking for work or training"),
            ("fachkraefte", "Ehrenamtliche und Fachkräfte", "Volunteers and professionals"),
        ],
    ),
    (
        "kind",
        "Angebotsarten",
        "Kinds of offer",
        [
            ("kurs", "Kurs", "Course"),
            ("beratung", "Beratung", "Counselling"),
            ("treffpunkt", "Treffpunkt", "Meeting place"),
            ("begleitung", "Begleitung/Patenschaft", "Mentoring/sponsorship"),
            ("veranstaltung", "Veranstaltung", "Event"),
            ("online", "Online-Angebot", "Online offer"),
            ("aufsuchend", "Aufsuchend/mobil", "Outreach/mobile"),
        ],
    ),
    (
        "eligibility",
        "Aufenthaltsstatus",
        "Residence status",
        [
            ("alle", "Offen für alle", "Open to everyone"),
            ("asylsuchende", "Asylsuchende (Aufenthaltsgestattung)", "Asylum seekers"),
            ("anerkannte", "Anerkannte Schutzberechtigte", "Recognised refugees"),
            ("geduldete", "Geduldete", "Tolerated persons (Duldung)"),
            ("ukraine-24", "Schutz nach § 24 AufenthG (Ukraine)", "Temporary protection (Ukraine)"),
            ("eu-buerger", "EU-Bürger:innen", "EU citizens"),
        ],
    ),
]
