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


def term_code(taxonomy_slug: str, term_slug: str) -> str:
    """HSDS ``taxonomy_term.code`` of a seeded term: unique across all taxonomies (a slug such as
    ``beratung`` is both a field of action and a kind of offer), e.g. ``kind:beratung``."""
    return f"{taxonomy_slug}:{term_slug}"


def taxonomy_slug(role: str) -> str:
    return role.replace("_", "-")


# German descriptions of the seeded taxonomies and terms (HSDS requires a description):
# {role: (taxonomy description, {term slug: term description})}.
DESCRIPTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "field_of_action": (
        "Handlungsfelder der Integrationsarbeit im Landkreis; jedes Angebot gehört zu mindestens einem.",
        {
            "sprache-bildung": "Deutschkurse, Sprachcafés, Alphabetisierung, Schule und Weiterbildung.",
            "ausbildung-arbeit": "Berufsorientierung, Ausbildung, Anerkennung von Abschlüssen, Jobsuche.",
            "teilhabe": "Mitmachen in Vereinen, Ehrenamt, Nachbarschaft, Politik und Selbstorganisation.",
            "beratung": "Beratung zu Aufenthalt, Sozialleistungen, Behörden und ersten Schritten.",
            "familie-kinder": "Angebote für Eltern, Kinderbetreuung, frühe Hilfen und Familienbildung.",
            "gesundheit-pflege": "Gesundheitsversorgung, psychosoziale Hilfe, Pflege und Vorsorge.",
            "wohnen": "Wohnungssuche, Mietfragen und Unterstützung im Wohnumfeld.",
            "praevention": "Schutz vor Gewalt, Diskriminierung und Radikalisierung; Hilfe für Betroffene.",
            "freizeit-kultur-sport": "Freizeitangebote, Kultur, Sport und Begegnung.",
        },
    ),
    "target_group": (
        "Für wen ein Angebot gedacht ist.",
        {
            "kinder": "Kinder bis 13 Jahre.",
            "jugendliche": "Jugendliche und junge Erwachsene von 14 bis 26 Jahren.",
            "erwachsene": "Erwachsene.",
            "familien": "Eltern und Familien mit Kindern.",
            "frauen": "Angebote, die sich an Frauen richten.",
            "senioren": "Ältere Menschen.",
            "gefluechtete": "Menschen, die nach Deutschland geflüchtet sind.",
            "neuzugewanderte": "Menschen, die erst vor kurzem nach Deutschland gekommen sind.",
            "arbeitsuchende": "Menschen, die eine Arbeit oder einen Ausbildungsplatz suchen.",
            "fachkraefte": "Ehrenamtliche und Fachkräfte, die mit Zugewanderten arbeiten.",
        },
    ),
    "kind": (
        "Die Form eines Angebots.",
        {
            "kurs": "Ein Kurs mit festen Terminen und Teilnehmenden.",
            "beratung": "Einzel- oder Gruppenberatung zu einem Anliegen.",
            "treffpunkt": "Ein offener Ort zum Treffen und Austauschen.",
            "begleitung": "Begleitung durch Patinnen, Paten oder Lotsen.",
            "veranstaltung": "Eine einzelne Veranstaltung oder Veranstaltungsreihe.",
            "online": "Ein Angebot im Internet, per Video oder Telefon.",
            "aufsuchend": "Ein Angebot, das zu den Menschen kommt, z. B. ein Beratungsbus.",
        },
    ),
    "eligibility": (
        "Wer ein Angebot nach seinem Aufenthaltsstatus nutzen kann.",
        {
            "alle": "Das Angebot steht allen offen, unabhängig vom Aufenthaltsstatus.",
            "asylsuchende": "Menschen im Asylverfahren mit Aufenthaltsgestattung.",
            "anerkannte": "Anerkannte Flüchtlinge, Asylberechtigte und subsidiär Schutzberechtigte.",
            "geduldete": "Menschen mit einer Duldung.",
            "ukraine-24": "Menschen mit vorübergehendem Schutz nach § 24 Aufenthaltsgesetz aus der Ukraine.",
            "eu-buerger": "Bürgerinnen und Bürger der Europäischen Union und ihre Familien.",
        },
    ),
}
