"""Real public facts about Landkreis Nordhausen (Destatis GV100AD, territorial status 30.11.2023,
population 31.12.2022). Everything else the demo loads is invented."""

import datetime as dt

DISTRICT = {
    "key": "16062",
    "name": "Landkreis Nordhausen",
    "slug": "landkreis-nordhausen",
    "office_name": (
        "Landratsamt Nordhausen, Koordinierungsstelle Kommunales Integrationsmanagement/Integrationsbeirat"
    ),
    "office_address": "Grimmelallee 20, 99734 Nordhausen",
}

POPULATION_DATE = dt.date(2022, 12, 31)

# (AGS, official name, kind, population, main postcode)
MUNICIPALITIES = [
    ("16062005", "Ellrich, Stadt", "stadt", 5492, "99755"),
    ("16062008", "Görsbach", "gemeinde", 997, "99765"),
    ("16062009", "Großlohra", "gemeinde", 849, "99759"),
    ("16062024", "Kehmstedt", "gemeinde", 445, "99752"),
    ("16062026", "Kleinfurra", "gemeinde", 1009, "99735"),
    ("16062033", "Lipprechterode", "gemeinde", 484, "99752"),
    ("16062037", "Niedergebra", "gemeinde", 619, "99759"),
    ("16062041", "Nordhausen, Stadt", "stadt", 41339, "99734"),
    ("16062049", "Sollstedt", "gemeinde", 2965, "99759"),
    ("16062054", "Urbach", "gemeinde", 860, "99765"),
    ("16062062", "Hohenstein", "landgemeinde", 2039, "99755"),
    ("16062063", "Werther", "landgemeinde", 3050, "99735"),
    ("16062064", "Heringen/Helme, Stadt", "stadt", 4659, "99765"),
    ("16062065", "Harztor", "landgemeinde", 7474, "99768"),
    ("16062066", "Bleicherode, Stadt", "stadt", 10163, "99752"),
]
