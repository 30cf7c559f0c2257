from typing import Any

import pytest

from wegweiser.core.models import Language
from wegweiser.districts.models import District


@pytest.fixture
def languages(district: District, other_district: District) -> list[str]:
    """The test districts translate into English, Ukrainian and Arabic."""
    codes = ["en", "uk", "ar"]
    for d in (district, other_district):
        d.languages.set(Language.objects.filter(code__in=codes))
    return codes


@pytest.fixture
def offer(make_offer: Any, languages: list[str]) -> Any:
    return make_offer(
        "Sprachcafé",
        short_description="Deutsch sprechen üben.",
        description="Bei Kaffee und Tee.\n\n- Ohne Anmeldung.",
    )
