"""The municipality facts and boundaries the product carries (``districts/data/``, one gzip JSON file
per state, rebuilt by ``tools/data/build_municipalities.py``):

* Statistisches Bundesamt (Destatis), GV-ISys, Stand 30.11.2023 (population 31.12.2022);
* © GeoBasis-DE / BKG 2021 (Daten verändert): VG5000 boundaries, WGS84, simplified.

Both under the Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0). Reading only; nothing here
touches the database."""

import datetime as dt
import gzip
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DATA_DIR = Path(__file__).resolve().parent / "data"
ATTRIBUTION = (
    "Statistisches Bundesamt (Destatis), GV-ISys, Stand 30.11.2023",
    "© GeoBasis-DE / BKG 2021 (Daten verändert)",
)
# GV100AD "Textkennzeichen": 61 kreisfreie Stadt, 62 Stadtkreis, 63 Stadt, 67 große Kreisstadt are
# towns; 60 Markt, 64 Gemeinde and 65 inhabited unincorporated area are municipalities.
TOWN_TYPES = {"61", "62", "63", "67"}
INDEPENDENT_TOWN_TYPES = {"61", "62"}
# Unincorporated areas without inhabitants (forests, lakes) are no municipalities.
SKIPPED_TYPES = {"66"}
# States whose districts are called "Kreis" rather than "Landkreis".
KREIS_STATES = {"01", "05"}


@dataclass(frozen=True)
class MunicipalityFacts:
    ags: str
    name: str
    type_code: str
    population: int | None
    population_male: int | None
    postcode: str
    area_km2: Decimal | None
    latitude: Decimal | None
    longitude: Decimal | None
    boundary: dict[str, Any] | None

    @property
    def is_town(self) -> bool:
        return self.type_code in TOWN_TYPES

    @property
    def population_female(self) -> int | None:
        if self.population is None or self.population_male is None:
            return None
        return self.population - self.population_male


@dataclass(frozen=True)
class DistrictFacts:
    key: str
    name: str
    population_date: dt.date
    municipalities: tuple[MunicipalityFacts, ...]

    @property
    def population(self) -> int:
        return sum(m.population or 0 for m in self.municipalities)

    @property
    def without_boundary(self) -> list[MunicipalityFacts]:
        return [m for m in self.municipalities if m.boundary is None]


def _state_file(state_code: str) -> dict[str, Any] | None:
    path = DATA_DIR / f"municipalities-{state_code}.json.gz"
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _decimal(value: Any, places: str) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value)).quantize(Decimal(places))


def district_display_name(*, key: str, name: str, independent_town: bool) -> str:
    """ "Landkreis Nordhausen", "Kreis Plön", "Region Hannover", "Flensburg, Stadt"."""
    if independent_town or "region" in name.lower() or "kreis" in name.lower() or "," in name:
        return name
    return f"{'Kreis' if key[:2] in KREIS_STATES else 'Landkreis'} {name}"


def district_facts(*, key: str) -> DistrictFacts:
    """The district ``key`` (5 digits) with all its municipalities, or a ValidationError in words
    staff understand."""
    key = (key or "").strip()
    data = _state_file(key[:2]) if len(key) == 5 and key.isdigit() else None
    if data is None or key not in data["districts"]:
        raise ValidationError(
            _(
                "There is no district with the key “%(key)s” in the municipality directory "
                "(Destatis, territorial status 30.11.2023). Enter the 5-digit official district key, "
                "e.g. 16062 for Landkreis Nordhausen."
            )
            % {"key": key},
            code="unknown_district",
        )
    municipalities = []
    for m in data["municipalities"]:
        if m["district"] != key or m["type_code"] in SKIPPED_TYPES:
            continue
        point = m.get("point") or (None, None)
        municipalities.append(
            MunicipalityFacts(
                ags=m["ags"],
                name=m["name"],
                type_code=m["type_code"],
                population=m["population"],
                population_male=m["population_male"],
                postcode=m["postcode"] or "",
                area_km2=_decimal(m["area_km2"], "0.01"),
                longitude=_decimal(point[0], "0.000001"),
                latitude=_decimal(point[1], "0.000001"),
                boundary=m["boundary"],
            )
        )
    independent = any(m.type_code in INDEPENDENT_TOWN_TYPES for m in municipalities)
    return DistrictFacts(
        key=key,
        name=district_display_name(key=key, name=data["districts"][key], independent_town=independent),
        population_date=dt.date.fromisoformat(data["population_date"]),
        municipalities=tuple(municipalities),
    )
