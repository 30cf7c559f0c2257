from collections.abc import Callable
from typing import Any

import pytest

from wegweiser.catalog.models import FundingProgramme
from wegweiser.catalog.services.entities import funding_programme_create
from wegweiser.districts.models import District
from wegweiser.reports.models import ReportTemplate
from wegweiser.reports.services import report_template_create

BODY = """# Angebotsstruktur

Über die Richtlinie werden {{ anzahl foerderung="ESF+ Armutsprävention" }} Angebote gefördert,
davon **{{ anzahl foerderung="ESF+ Armutsprävention" feld="sprache-bildung" }}** in Sprache & Bildung.

## Übersicht

- Bleicherode: {{ anzahl gemeinde="Bleicherode" }}

{{ angebote foerderung="ESF+ Armutsprävention" }}

{{ diagramm art="gemeinden" }}

## Veränderungen

{{ aenderungen }}
"""


@pytest.fixture
def programme(district: District) -> FundingProgramme:
    return funding_programme_create(
        actor=None,
        data={
            "district": district,
            "name": "ESF+ Armutsprävention / Sozialstrategie",
            "short_name": "ESF+ Armutsprävention",
            "funder": "eu",
        },
    )


@pytest.fixture
def offers(make_offer: Callable, programme: FundingProgramme, district: District) -> list[Any]:
    bleicherode = district.municipalities.get(ags="16062066")
    return [
        make_offer("Sprachcafé Nord", fields=("sprache-bildung",), funding_programmes=[programme]),
        make_offer(
            "Schuldnerberatung Bleicherode",
            fields=("beratung",),
            funding_programmes=[programme],
            serves_whole_district=False,
            municipalities=[bleicherode],
        ),
        make_offer("Frauentreff", fields=("teilhabe",)),
    ]


@pytest.fixture
def template(district: District, offers: list[Any]) -> ReportTemplate:
    return report_template_create(
        actor=None,
        district=district,
        data={
            "slug": "sozialausschuss",
            "title": "Angebotsstruktur 2026",
            "audience": "Sozialausschuss",
            "body": BODY,
        },
    )
