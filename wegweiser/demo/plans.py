"""Demo plans, measures and funding for the demo district.

Public facts (from the project's issue text, not checked against the council information system):
- Beschluss 712/18 of the Kreistag: the poverty-prevention strategy (Armutspräventionsstrategie).
- Beschluss 747/18 of the Kreistag: the integrated specialist plan for families, updated 2024.
- Beschluss 340/21 of the Jugendhilfeausschuss of 27.05.2021: the measure planning for family
  support and child protection.
- The Landesprogramm "Solidarisches Zusammenleben der Generationen" (LSZ) asks a 30 % own share.
Not known to us and therefore left empty or marked: the decision dates of 712/18 and 747/18 (the
"/18" says 2018), the decision on the 2024 update, the exact official titles (the titles below are
descriptive). Everything else is invented and marked as demo: goals, measures, indicators and their
values, status reports, the two versions of the local integration concept and their dates,
programme periods, budgets, deadlines and amounts."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from wegweiser.catalog.models import FundingProgramme, Offer, TaxonomyTerm
from wegweiser.catalog.services.entities import funding_programme_create, funding_programme_update
from wegweiser.districts.models import District, Municipality
from wegweiser.planning.models import Indicator
from wegweiser.plans.models import PlanningDocument
from wegweiser.plans.services import (
    document_adopt,
    document_create,
    document_update_version,
    goal_create,
    measure_create,
    measure_delete,
    measure_funding_set,
    measure_indicator_create,
    measure_indicator_value_set,
    measure_status_report,
    measure_update,
    offer_funding_set,
    programme_budget_set,
    programme_deadline_create,
)

DEMO_NOTE = "Demo: Ziele, Maßnahmen, Kennzahlen und Beträge sind erfunden."

# short name → (legal basis, funding rate %, own share %, period start, period end, budgets per year)
PROGRAMMES: dict[str, tuple[str, Decimal | None, Decimal | None, dt.date, dt.date, dict[int, int]]] = {
    "LSZ": (
        "",  # the guideline's exact citation is not in our sources
        Decimal(70),
        Decimal(30),  # public fact: 30 % own share
        dt.date(2021, 1, 1),
        dt.date(2027, 12, 31),  # invented end, to show "what falls away"
        {2025: 180_000, 2026: 185_000, 2027: 185_000},
    ),
    "ESF+ Armutsprävention": (
        "",
        Decimal(60),
        Decimal(40),
        dt.date(2022, 1, 1),
        dt.date(2028, 12, 31),
        {2025: 120_000, 2026: 120_000, 2027: 90_000},
    ),
    "Integrationsrichtlinie": (
        "",
        Decimal(80),
        Decimal(20),
        dt.date(2023, 1, 1),
        dt.date(2028, 12, 31),
        {2025: 60_000, 2026: 60_000},
    ),
}


def _programmes(district: District) -> dict[str, FundingProgramme]:
    programmes = {}
    names = {
        "LSZ": "Landesprogramm „Solidarisches Zusammenleben der Generationen“",
        "ESF+ Armutsprävention": "ESF+ Armutsprävention / Sozialstrategie",
        "Integrationsrichtlinie": "Thüringer Integrationsrichtlinie",
    }
    funders = {"LSZ": "land", "ESF+ Armutsprävention": "eu", "Integrationsrichtlinie": "land"}
    for short, (legal, rate, own, start, end, budgets) in PROGRAMMES.items():
        programme = FundingProgramme.objects.filter(district=district, short_name=short).first()
        if programme is None:
            programme = funding_programme_create(
                actor=None,
                data={
                    "district": district,
                    "name": names[short],
                    "short_name": short,
                    "funder": funders[short],
                },
            )
        funding_programme_update(
            actor=None,
            programme=programme,
            data={
                "legal_basis": legal,
                "funding_rate_percent": rate,
                "own_share_percent": own,
                "period_start": start,
                "period_end": end,
                "description": (programme.description or "")
                if "Demo" in (programme.description or "")
                else " ".join(
                    filter(None, [programme.description, "Demo: Laufzeit, Budgets und Fristen erfunden."])
                ),
            },
        )
        for year, amount in budgets.items():
            programme_budget_set(
                actor=None, programme=programme, district=district, year=year, amount=Decimal(amount)
            )
        programmes[short] = programme
    programme_deadline_create(
        actor=None,
        programme=programmes["LSZ"],
        district=district,
        date=dt.date(2027, 3, 31),
        description="Antrag für das Förderjahr 2028 (Demo-Frist)",
    )
    programme_deadline_create(
        actor=None,
        programme=programmes["ESF+ Armutsprävention"],
        district=district,
        date=dt.date(2027, 1, 15),
        description="Interessenbekundung neue Förderperiode (Demo-Frist)",
    )
    return programmes


class _Builder:
    def __init__(self, district: District) -> None:
        self.district = district
        self.terms = {(t.taxonomy.role, t.slug): t for t in TaxonomyTerm.objects.select_related("taxonomy")}
        self.offers = list(
            Offer.objects.filter(district=district, state=Offer.State.PUBLISHED)
            .prefetch_related("terms")
            .order_by("name")
        )
        self.rural = list(Municipality.objects.filter(district=district, kind=Municipality.Kind.RURAL)[:4])
        self.used: set[Any] = set()

    def field(self, slug: str) -> TaxonomyTerm | None:
        return self.terms.get(("field_of_action", slug))

    def groups(self, *slugs: str) -> list[TaxonomyTerm]:
        return [self.terms[("target_group", s)] for s in slugs if ("target_group", s) in self.terms]

    def offers_for(self, field: str, n: int) -> list[Offer]:
        chosen = [
            o for o in self.offers if o.pk not in self.used and any(t.slug == field for t in o.terms.all())
        ][:n]
        self.used |= {o.pk for o in chosen}
        return chosen

    def document(self, **data: Any) -> PlanningDocument:
        return document_create(actor=None, district=self.district, data={"is_demo": True, **data})

    def measure(
        self,
        goal: Any,
        title: str,
        field: str,
        groups: tuple[str, ...],
        status: str,
        n_offers: int = 1,
        **extra: Any,
    ) -> Any:
        return measure_create(
            actor=None,
            goal=goal,
            data={
                "title": title,
                "description": f"{DEMO_NOTE} {extra.pop('text', '')}".strip(),
                "target_groups": self.groups(*groups),
                "offers": self.offers_for(field, n_offers),
                "status": status,
                "responsible_person": extra.pop("person", "Koordinierungsstelle (Demo)"),
                "period_start": extra.pop("start", dt.date(2024, 1, 1)),
                "period_end": extra.pop("end", dt.date(2027, 12, 31)),
                **extra,
            },
        )


def _fund(measure: Any, programme: FundingProgramme, per_year: int, years: range) -> None:
    own = (programme.own_share_percent or Decimal(0)) / Decimal(100)
    for year in years:
        total = Decimal(per_year)
        measure_funding_set(
            actor=None,
            measure=measure,
            programme=programme,
            year=year,
            amount=(total * (1 - own)).quantize(Decimal(1)),
            own_share=(total * own).quantize(Decimal(1)),
        )


def _report(measure: Any, *history: tuple[dt.date, str, str]) -> None:
    for day, status, text in history:
        measure_status_report(
            actor=None, measure=measure, reported_on=day, status=status, text=f"{text} (Demo)"
        )


@transaction.atomic
def demo_plans_load(*, district: District) -> dict[str, int]:
    """Load the demo plans once (idempotent: nothing happens when demo documents exist)."""
    if PlanningDocument.objects.filter(district=district, is_demo=True).exists():
        return {"documents": 0}
    programmes = _programmes(district)
    lsz, esf, integration = (
        programmes["LSZ"],
        programmes["ESF+ Armutsprävention"],
        programmes["Integrationsrichtlinie"],
    )
    b = _Builder(district)
    years = range(2025, 2028)

    # 712/18: poverty-prevention strategy (Kreistag). Decision date not in our sources.
    strategy = b.document(
        kind="strategy",
        title="Armutspräventionsstrategie des Landkreises Nordhausen",
        adopted_by="kreistag",
        decision_number="712/18",
        period_start=dt.date(2019, 1, 1),
        summary="Beschluss-Nr. 712/18 des Kreistags (Nummer und Gremium: öffentlich; Beschlussdatum in den "
        f"Demo-Quellen nicht belegt, daher leer). {DEMO_NOTE}",
    )
    g1 = goal_create(
        actor=None,
        document=strategy,
        data={
            "title": "Teilhabe von Kindern in armutsbetroffenen Familien sichern",
            "field_of_action": b.field("familie-kinder"),
            "position": 1,
        },
    )
    g2 = goal_create(
        actor=None,
        document=strategy,
        data={
            "title": "Zugang zu Beratung im ländlichen Raum verbessern",
            "field_of_action": b.field("beratung"),
            "position": 2,
        },
    )
    m = b.measure(
        g1,
        "Familienzentren als Anlaufstellen ausbauen",
        "familie-kinder",
        ("familien", "kinder"),
        "in_progress",
        2,
    )
    _fund(m, esf, 60_000, years)
    _report(
        m,
        (dt.date(2025, 3, 31), "in_progress", "Zwei Standorte eröffnet"),
        (dt.date(2026, 3, 31), "in_progress", "Dritter Standort in Planung"),
    )
    m = b.measure(
        g2,
        "Mobile Sozialberatung in Landgemeinden",
        "beratung",
        ("erwachsene", "familien"),
        "in_progress",
        2,
        municipalities=b.rural,
    )
    _fund(m, lsz, 40_000, years)
    measure_indicator_create(
        actor=None,
        measure=m,
        data={
            "name": "Beratungsangebote in Landgemeinden (Katalog)",
            "unit": "Angebote",
            "source": "catalog",
            "catalog_filter": {"field_of_action": "beratung", "municipality_kind": "landgemeinde"},
            "baseline_value": Decimal(2),
            "baseline_date": dt.date(2024, 1, 1),
            "target_value": Decimal(6),
            "target_date": dt.date(2027, 12, 31),
        },
    )
    document_adopt(actor=None, document=strategy)

    # 747/18: integrated specialist plan for families (Kreistag), updated 2024.
    family = b.document(
        kind="specialist_plan",
        title="Integrierter Fachplan Familie",
        adopted_by="kreistag",
        decision_number="747/18",
        period_start=dt.date(2019, 1, 1),
        period_end=dt.date(2023, 12, 31),
        summary="Beschluss-Nr. 747/18 des Kreistags (öffentlich; Datum in den Demo-Quellen nicht belegt). "
        f"2024 fortgeschrieben. {DEMO_NOTE}",
    )
    fg1 = goal_create(
        actor=None,
        document=family,
        data={
            "title": "Familienbildung wohnortnah anbieten",
            "field_of_action": b.field("familie-kinder"),
            "position": 1,
        },
    )
    fg2 = goal_create(
        actor=None,
        document=family,
        data={
            "title": "Gesundheit von Familien stärken",
            "field_of_action": b.field("gesundheit-pflege"),
            "position": 2,
        },
    )
    m = b.measure(
        fg1,
        "Elternkurse in allen Städten",
        "familie-kinder",
        ("familien",),
        "done",
        1,
        start=dt.date(2019, 1, 1),
        end=dt.date(2023, 12, 31),
    )
    _report(m, (dt.date(2023, 12, 15), "done", "In allen Städten angeboten"))
    b.measure(
        fg2,
        "Familienhebammen vermitteln",
        "gesundheit-pflege",
        ("familien", "kinder"),
        "in_progress",
        1,
        start=dt.date(2019, 1, 1),
        end=dt.date(2023, 12, 31),
    )
    document_adopt(actor=None, document=family)
    family2 = document_update_version(
        actor=None,
        document=family,
        data={
            "title": "Integrierter Fachplan Familie – Fortschreibung 2024",
            "period_start": dt.date(2024, 1, 1),
            "period_end": dt.date(2028, 12, 31),
        },
    )
    m = family2.goals.get(title="Familienbildung wohnortnah anbieten").measures.get(
        title="Elternkurse in allen Städten"
    )
    measure_update(
        actor=None,
        measure=m,
        data={
            "title": "Elternkurse auch in Landgemeinden",
            "status": "in_progress",
            "period_start": dt.date(2024, 1, 1),
            "period_end": dt.date(2028, 12, 31),
        },
    )
    _fund(m, lsz, 30_000, years)
    goal = goal_create(
        actor=None,
        document=family2,
        data={
            "title": "Familien in Armutslagen früh erreichen",
            "field_of_action": b.field("familie-kinder"),
            "position": 3,
        },
    )
    m = b.measure(goal, "Willkommensbesuche nach der Geburt", "familie-kinder", ("familien",), "planned", 1)
    _fund(m, esf, 25_000, years)
    document_adopt(actor=None, document=family2)  # decision on the update not in our sources: no number

    # 340/21: measure planning family support and child protection (Jugendhilfeausschuss, 27.05.2021).
    child = b.document(
        kind="measure_planning",
        title="Maßnahmeplanung Familienförderung und Kinderschutz",
        adopted_by="jugendhilfeausschuss",
        decision_number="340/21",
        decision_date=dt.date(2021, 5, 27),
        period_start=dt.date(2021, 6, 1),
        period_end=dt.date(2026, 12, 31),
        summary=f"Beschluss-Nr. 340/21 des Jugendhilfeausschusses vom 27.05.2021 (öffentlich). {DEMO_NOTE}",
    )
    cg = goal_create(
        actor=None,
        document=child,
        data={
            "title": "Kinderschutz im Netzwerk Frühe Hilfen verankern",
            "field_of_action": b.field("praevention"),
            "position": 1,
        },
    )
    m = b.measure(
        cg,
        "Fortbildungen Kinderschutz für Fachkräfte",
        "praevention",
        ("fachkraefte",),
        "in_progress",
        1,
        start=dt.date(2021, 6, 1),
        end=dt.date(2026, 12, 31),
    )
    _fund(m, lsz, 15_000, range(2025, 2027))
    _report(
        m,
        (dt.date(2022, 6, 30), "in_progress", "Erste Reihe abgeschlossen"),
        (dt.date(2025, 6, 30), "postponed", "Referentin ausgefallen"),
        (dt.date(2026, 1, 31), "in_progress", "Wieder aufgenommen"),
    )
    cg2 = goal_create(
        actor=None,
        document=child,
        data={
            "title": "Offene Kinder- und Jugendarbeit sichern",
            "field_of_action": b.field("freizeit-kultur-sport"),
            "position": 2,
        },
    )
    m = b.measure(
        cg2,
        "Jugendtreffs in Landgemeinden erhalten",
        "freizeit-kultur-sport",
        ("jugendliche",),
        "in_progress",
        2,
        start=dt.date(2021, 6, 1),
        end=dt.date(2026, 12, 31),
    )
    _fund(m, lsz, 50_000, range(2025, 2027))
    document_adopt(actor=None, document=child)

    # The local integration concept in two versions (both invented: dates, goals, measures).
    concept = b.document(
        kind="integration_concept",
        title="Lokales Integrationskonzept",
        adopted_by="integrationsbeirat",
        decision_date=dt.date(2023, 6, 15),
        period_start=dt.date(2023, 7, 1),
        period_end=dt.date(2025, 6, 30),
        summary=f"Erste Fassung, dem Integrationsbeirat vorgelegt (Datum erfunden). {DEMO_NOTE}",
    )
    ig1 = goal_create(
        actor=None,
        document=concept,
        data={
            "title": "Deutsch lernen in allen Teilen des Landkreises",
            "field_of_action": b.field("sprache-bildung"),
            "position": 1,
        },
    )
    ig2 = goal_create(
        actor=None,
        document=concept,
        data={
            "title": "Zugewanderte in Ausbildung und Arbeit bringen",
            "field_of_action": b.field("ausbildung-arbeit"),
            "position": 2,
        },
    )
    ig3 = goal_create(
        actor=None,
        document=concept,
        data={"title": "Ankommen begleiten", "field_of_action": b.field("beratung"), "position": 3},
    )
    cafe = b.measure(
        ig1,
        "Sprachcafés in Landgemeinden",
        "sprache-bildung",
        ("neuzugewanderte", "gefluechtete"),
        "in_progress",
        2,
        municipalities=b.rural,
        start=dt.date(2023, 7, 1),
        end=dt.date(2025, 6, 30),
    )
    _fund(cafe, integration, 20_000, range(2025, 2027))
    participants = measure_indicator_create(
        actor=None,
        measure=cafe,
        data={
            "name": "Teilnehmende an Sprachcafés",
            "unit": "Personen",
            "baseline_value": Decimal(40),
            "baseline_date": dt.date(2023, 1, 1),
            "target_value": Decimal(120),
            "target_date": dt.date(2027, 12, 31),
        },
    )
    for day, value in (
        (dt.date(2023, 12, 31), 55),
        (dt.date(2024, 12, 31), 88),
        (dt.date(2025, 12, 31), 104),
    ):
        measure_indicator_value_set(actor=None, indicator=participants, date=day, value=Decimal(value))
    measure_indicator_create(
        actor=None,
        measure=cafe,
        data={
            "name": "Sprachangebote in Landgemeinden (Katalog)",
            "unit": "Angebote",
            "source": "catalog",
            "catalog_filter": {"field_of_action": "sprache-bildung", "municipality_kind": "landgemeinde"},
            "baseline_value": Decimal(1),
            "target_value": Decimal(5),
        },
    )
    kita = b.measure(
        ig1,
        "Kinderbetreuung während der Kurse",
        "familie-kinder",
        ("familien",),
        "planned",
        0,
        start=dt.date(2023, 7, 1),
        end=dt.date(2025, 6, 30),
    )
    job = b.measure(
        ig2,
        "Jobbörse für Zugewanderte",
        "ausbildung-arbeit",
        ("arbeitsuchende",),
        "done",
        1,
        start=dt.date(2023, 7, 1),
        end=dt.date(2024, 12, 31),
    )
    _report(job, (dt.date(2024, 11, 20), "done", "Zwei Börsen mit 35 Betrieben"))
    mentoring = b.measure(
        ig2,
        "Ausbildungspatenschaften",
        "ausbildung-arbeit",
        ("jugendliche",),
        "in_progress",
        1,
        start=dt.date(2023, 7, 1),
        end=dt.date(2025, 6, 30),
    )
    foreign = Indicator.objects.filter(district=district, code="auslaender-18-64").first()
    if foreign is not None:
        measure_indicator_create(
            actor=None,
            measure=mentoring,
            data={
                "name": "Ausländische Bevölkerung 18–64 (Planungsindikator, Demo-Werte)",
                "unit": "Personen",
                "source": "planning",
                "planning_indicator": foreign,
            },
        )
    lotsen = b.measure(
        ig3,
        "Integrationslotsen in Städten",
        "beratung",
        ("neuzugewanderte",),
        "in_progress",
        1,
        start=dt.date(2023, 7, 1),
        end=dt.date(2025, 6, 30),
    )
    _fund(lotsen, integration, 35_000, range(2025, 2027))
    document_adopt(actor=None, document=concept)
    # Second version (Fortschreibung 2025): one measure changed, one dropped, one added, a goal added.
    concept2 = document_update_version(
        actor=None,
        document=concept,
        data={
            "title": "Lokales Integrationskonzept – Fortschreibung 2025",
            "decision_date": dt.date(2025, 6, 12),
            "period_start": dt.date(2025, 7, 1),
            "period_end": dt.date(2028, 6, 30),
            "summary": f"Zweite Fassung, dem Integrationsbeirat vorgelegt (Datum erfunden). {DEMO_NOTE}",
        },
    )
    copies: dict[Any, Any] = {}
    for goal in concept2.goals.all():
        for measure in goal.measures.all():
            copies[measure.lineage] = measure
    measure_update(
        actor=None,
        measure=copies[cafe.lineage],
        data={"title": "Sprachcafés in allen Landgemeinden", "period_end": dt.date(2028, 6, 30)},
    )
    measure_delete(actor=None, measure=copies[kita.lineage])
    measure_update(actor=None, measure=copies[mentoring.lineage], data={"period_end": dt.date(2028, 6, 30)})
    measure_update(
        actor=None,
        measure=copies[lotsen.lineage],
        data={
            "title": "Integrationslotsen in Städten und Landgemeinden",
            "municipalities": b.rural,
            "period_end": dt.date(2028, 6, 30),
        },
    )
    new_goal = goal_create(
        actor=None,
        document=concept2,
        data={
            "title": "Gesundheitliche Versorgung verständlich machen",
            "field_of_action": b.field("gesundheit-pflege"),
            "position": 4,
        },
    )
    m = b.measure(
        new_goal,
        "Sprachmittlung in Arztpraxen",
        "gesundheit-pflege",
        ("neuzugewanderte", "gefluechtete"),
        "planned",
        1,
        start=dt.date(2025, 7, 1),
        end=dt.date(2028, 6, 30),
    )
    _fund(m, integration, 18_000, range(2025, 2027))
    document_adopt(actor=None, document=concept2)

    # How long programmes fund single offers: some LSZ offers end in 2027 ("what falls away").
    funded = [o for o in b.offers if o.pk in b.used][:8]
    for n, offer in enumerate(funded):
        offer_funding_set(
            actor=None,
            offer=offer,
            programme=lsz if n % 2 == 0 else esf,
            funded_from=dt.date(2023, 1, 1),
            funded_until=dt.date(2027, 6, 30) if n % 3 else dt.date(2027, 12, 31),
            amount_per_year=Decimal(8_000 + 1_500 * n),
        )
        if n in (0, 4):  # continued by another programme: does not fall away
            offer_funding_set(
                actor=None,
                offer=offer,
                programme=integration,
                funded_from=dt.date(2026, 1, 1),
                funded_until=dt.date(2028, 12, 31),
            )
    return {"documents": PlanningDocument.objects.filter(district=district, is_demo=True).count()}
