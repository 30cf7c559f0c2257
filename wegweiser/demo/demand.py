"""Invented searches without results for the demo district, so that the planning workspace's
demand signal has something to show: a few search texts counted on days of the last year
(more recently for some, less for others, so the change since a date shows), some with a
municipality chosen, and two synonyms that map "kita" to the field of action "Familie & Kinder"
and "deutschkurs" to "Sprache & Bildung".
All invented; the planning pages say so on a demo district."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from wegweiser.districts.models import District
from wegweiser.feedback.models import MissedSearch
from wegweiser.feedback.services import missed_search_record
from wegweiser.search.models import Synonym
from wegweiser.search.services import synonym_create

# (search text, searches in the last 90 days, searches in the 275 days before, municipality or "")
SEARCHES: list[tuple[str, int, int, str]] = [
    ("kita platz", 14, 6, "16062041"),
    ("sprachkurs abends", 11, 12, ""),
    ("deutschkurs b2 beruf", 8, 3, "16062041"),
    ("wohnungssuche hilfe", 7, 9, ""),
    ("hausaufgabenhilfe arabisch", 5, 1, "16062064"),
    ("psychotherapie ukrainisch", 4, 2, ""),
    ("schwimmkurs frauen", 3, 0, "16062066"),
    ("fahrradwerkstatt", 2, 1, ""),
]

DEMO_SYNONYMS = [("kita", "kindergarten, kindertagesstätte"), ("deutschkurs", "sprachkurs, integrationskurs")]


@transaction.atomic
def demo_missed_searches_load(*, district: District) -> int:
    """Count the invented searches (idempotent: nothing happens if the district has searches
    without results already). Returns the number of searches counted."""
    if MissedSearch.objects.filter(district=district).exists():
        return 0
    for term, equivalents in DEMO_SYNONYMS:
        if not Synonym.objects.filter(district=district, term__iexact=term).exists():
            synonym_create(actor=None, data={"district": district, "term": term, "equivalents": equivalents})
    rng = random.Random(16062)
    today = timezone.localdate()
    places = {m.ags: m for m in district.municipalities.all()}
    counted = 0
    for text, recent, earlier, ags in SEARCHES:
        for n in range(recent + earlier):
            ago = rng.randint(0, 89) if n < recent else rng.randint(90, 364)
            place = places.get(ags) if ags and n % 3 else None  # not every visitor chooses a place
            missed_search_record(
                district=district,
                text=text,
                ui_language="de",
                content_language="de",
                municipality=place,
                day=today - dt.timedelta(days=ago),
            )
            counted += 1
    return counted
