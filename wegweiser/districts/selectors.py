"""Reading districts."""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from wegweiser.core.caches import versioned_get
from wegweiser.core.models import Language
from wegweiser.districts.models import District


def district_for_host(*, host: str) -> District | None:
    """The district served under ``host``, else the default one, else the only one."""
    hostname = host.split(":")[0].lower()
    districts = list(District.objects.filter(hostname__in=[hostname, ""]).order_by("-is_default"))
    for district in districts:
        if district.hostname and district.hostname.lower() == hostname:
            return district
    defaults = [d for d in districts if d.is_default]
    if defaults:
        return defaults[0]
    return District.objects.order_by("created_at").first()


def district_content_languages(*, district: District) -> QuerySet[Language]:
    """German first, then the languages the district translates its catalog into."""
    codes = district.languages.values("code")
    return Language.objects.filter(Q(code="de") | Q(code__in=codes))


@dataclass(frozen=True)
class DistrictFacts:
    """What every public page of a district needs besides its offers; it changes only with the
    catalog version (``district_update`` raises it when the languages change,
    ``municipality_update`` when a municipality is renamed)."""

    content_languages: tuple[Language, ...]  # German first (``district_content_languages``)
    municipality_names: tuple[tuple[str, str], ...]  # (short name, slug), by name

    @property
    def language_codes(self) -> list[str]:
        return [language.code for language in self.content_languages]


# Per process, at most this many districts (one version each): bounded memory, as the facet
# labels and synonym maps (``wegweiser.core.caches``).
FACTS_CACHE_SIZE = 256
_FACTS: OrderedDict[tuple[Any, int], DistrictFacts] = OrderedDict()
_FACTS_LOCK = threading.Lock()


def district_public_facts(*, district: District) -> DistrictFacts:
    """``DistrictFacts`` of ``district`` at the catalog version it was read with (the district
    of a request is read for each request): no query when that version's facts are cached."""

    def load() -> DistrictFacts:
        rows = district.municipalities.order_by("name").values_list("name", "slug")
        return DistrictFacts(
            content_languages=tuple(district_content_languages(district=district)),
            municipality_names=tuple((name.split(",")[0], slug) for name, slug in rows),
        )

    return versioned_get(_FACTS, _FACTS_LOCK, (district.pk, district.catalog_version), FACTS_CACHE_SIZE, load)
