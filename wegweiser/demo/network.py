"""The demo's network: NIMM (Netzwerk Integration von Menschen mit Migrationshintergrund) and the
Integrationsbeirat with the rules the issue names (at most 9 members, at most 5 of them foreign
nationals, at least 18 years old, living in the district for at least a year).

Public facts: that the district has these two bodies, the Beirat's rules, that NIMM has about 20
members from associations, counselling services, employment agency, job centre, education
providers, university, churches and migrants. Invented and marked as demo: every person (names,
addresses, dates), which demo organisation sits in which body, the meetings, minutes and the
Beirat's statement."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from wegweiser.core.services import slug_base
from wegweiser.demo.inquiries import demo_inquiries_load
from wegweiser.districts.models import District
from wegweiser.network.models import Body
from wegweiser.network.services.bodies import body_create, member_add
from wegweiser.network.services.meetings import (
    agenda_item_create,
    attendance_record,
    meeting_create,
    minutes_publish,
    minutes_record,
    resolution_create,
)
from wegweiser.network.services.persons import person_create
from wegweiser.plans.models import Measure

BERLIN = ZoneInfo("Europe/Berlin")
DEMO_PURPOSE = "Mitgliedschaft in einem Gremium der Integrationsarbeit (Demo)"

# Invented people of the Beirat: (name, foreign national, role)
BEIRAT = [
    ("Aylin Demir (Demo)", True, "chair"),
    ("Jonas Weber (Demo)", False, "deputy"),
    ("Olena Kovalenko (Demo)", True, "member"),
    ("Samir Haddad (Demo)", True, "member"),
    ("Marta Nowak (Demo)", True, "member"),
    ("Thi Lan Nguyen (Demo)", False, "member"),
    ("Ahmad Rahimi (Demo)", True, "member"),
    ("Claudia Schmidt (Demo)", False, "member"),
]
# Kinds of NIMM member organisations without a demo provider of their own (invented contacts).
NIMM_PEOPLE = [
    "Agentur für Arbeit – Ansprechperson (Demo)",
    "Jobcenter – Ansprechperson (Demo)",
    "Hochschule – Ansprechperson (Demo)",
    "Ev. Kirchenkreis – Ansprechperson (Demo)",
    "Kath. Pfarrei – Ansprechperson (Demo)",
    "Migrantenselbstorganisation – Ansprechperson (Demo)",
    "Volkshochschule – Ansprechperson (Demo)",
    "Migrationsberatung – Ansprechperson (Demo)",
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


def _slugify_email(name: str) -> str:
    return slug_base(name.split(" (")[0].split(" – ")[0]).replace("-", ".") + "@demo.example.org"


@transaction.atomic
def demo_network_load(*, district: District) -> dict[str, int]:
    """Load NIMM and the Integrationsbeirat once (idempotent)."""
    if Body.objects.filter(district=district, is_demo=True).exists():
        return {"bodies": 0}
    today = timezone.localdate()
    person_defaults: dict[str, Any] = {"purpose": DEMO_PURPOSE, "legal_basis": "e", "is_demo": True}
    beirat = body_create(
        actor=None,
        district=district,
        data={
            "kind": Body.Kind.ADVISORY_COUNCIL,
            "name": "Integrationsbeirat",
            "slug": "integrationsbeirat",
            "description": (
                "Der Integrationsbeirat wird vom Kreistag berufen, tagt öffentlich und ist zu Maßnahmen "
                "zu hören, die Menschen mit Migrationshintergrund betreffen. Die Mitglieder auf dieser "
                "Seite sind erfunden (Demo)."
            ),
            "is_public": True,
            "max_members": 9,
            "max_foreign_nationals": 5,
            "min_age": 18,
            "min_residence_months": 12,
            "is_demo": True,
        },
    )
    term_from = dt.date(today.year - 1, 1, 1)
    for i, (name, foreign, role) in enumerate(BEIRAT):
        person = person_create(
            actor=None,
            district=district,
            data=person_defaults
            | {
                "name": name,
                "email": _slugify_email(name),
                "is_foreign_national": foreign,
                "birth_date": dt.date(1970 + 3 * i, 1 + i, 10),
                "resident_since": dt.date(2010 + i, 4, 1),
                "retention_until": dt.date(today.year + 5, 12, 31),
            },
        )
        member_add(actor=None, body=beirat, person=person, role=role, term_from=term_from)

    nimm = body_create(
        actor=None,
        district=district,
        data={
            "kind": Body.Kind.NETWORK,
            "name": "NIMM – Netzwerk Integration von Menschen mit Migrationshintergrund",
            "slug": "nimm",
            "description": (
                "Das örtliche Netzwerk für die Integration von Menschen mit Migrationshintergrund: "
                "Vereine, Beratungsstellen, Agentur für Arbeit, Jobcenter, Bildungsträger, Hochschule, "
                "Kirchen und Migrantinnen und Migranten. Die Zuordnung der Mitglieder ist erfunden (Demo)."
            ),
            "is_public": True,
            "is_demo": True,
        },
    )
    organisations = list(district.organisations.order_by("name")[:12])
    for i, organisation in enumerate(organisations):
        member_add(
            actor=None,
            body=nimm,
            organisation=organisation,
            role="chair" if i == 0 else "member",
            term_from=term_from,
        )
    for name in NIMM_PEOPLE:
        person = person_create(
            actor=None,
            district=district,
            data=person_defaults | {"name": name, "email": _slugify_email(name)},
        )
        member_add(actor=None, body=nimm, person=person, term_from=term_from)
    office = person_create(
        actor=None,
        district=district,
        data=person_defaults
        | {"name": "Geschäftsstelle Integrationsmanagement (Demo)", "email": "integration@demo.example.org"},
    )
    member_add(actor=None, body=nimm, person=office, role="office", term_from=term_from)

    # A past Beirat meeting with attendance, published minutes and a statement on a measure.
    past_day = today - dt.timedelta(days=30)
    past = meeting_create(
        actor=None,
        body=beirat,
        data={
            "title": "Sitzung des Integrationsbeirats (Demo)",
            "starts_at": _at(past_day, 17),
            "ends_at": _at(past_day, 19),
            "place": "Landratsamt, Sitzungssaal (Demo)",
            "is_public": True,
            "is_demo": True,
        },
    )
    measure = Measure.objects.filter(goal__document__district=district, goal__document__is_demo=True).first()
    item = agenda_item_create(
        actor=None,
        meeting=past,
        data={"title": "Anhörung zur Fortschreibung des Integrationskonzepts", "measure": measure},
    )
    agenda_item_create(actor=None, meeting=past, data={"title": "Berichte aus den Arbeitsgruppen"})
    for member in beirat.members.all()[:6]:
        attendance_record(actor=None, meeting=past, member=member, status="present")
    minutes_record(
        actor=None,
        meeting=past,
        minutes=(
            "## Niederschrift (Demo)\n\n"
            "Anwesend: 6 von 8 Mitgliedern; der Beirat ist beschlussfähig.\n\n"
            "### TOP 1: Anhörung zur Fortschreibung des Integrationskonzepts\n\n"
            "Der Beirat begrüßt die Maßnahme und empfiehlt, Sprachkurse mit Kinderbetreuung anzubieten.\n\n"
            "### TOP 2: Berichte aus den Arbeitsgruppen\n\nDie Arbeitsgruppen berichten (Demo)."
        ),
    )
    resolution_create(
        actor=None,
        meeting=past,
        data={
            "agenda_item": item,
            "kind": "statement",
            "text": (
                "Der Integrationsbeirat befürwortet die Maßnahme und empfiehlt Kurse mit "
                "Kinderbetreuung (Demo)."
            ),
            "votes_yes": 6,
            "votes_no": 0,
            "abstentions": 0,
            "measure": measure,
        },
    )
    minutes_publish(actor=None, meeting=past)

    upcoming_day = today + dt.timedelta(days=21)
    upcoming = meeting_create(
        actor=None,
        body=beirat,
        data={
            "title": "Sitzung des Integrationsbeirats (Demo)",
            "starts_at": _at(upcoming_day, 17),
            "ends_at": _at(upcoming_day, 19),
            "place": "Landratsamt, Sitzungssaal (Demo)",
            "is_public": True,
            "is_demo": True,
        },
    )
    agenda_item_create(actor=None, meeting=upcoming, data={"title": "Integrationsbericht des Landkreises"})
    nimm_day = today + dt.timedelta(days=35)
    nimm_meeting = meeting_create(
        actor=None,
        body=nimm,
        data={
            "title": "Netzwerktreffen NIMM (Demo)",
            "starts_at": _at(nimm_day, 10),
            "ends_at": _at(nimm_day, 12),
            "video_url": "https://video.demo.example.org/nimm",
            "is_public": True,
            "is_demo": True,
        },
    )
    agenda_item_create(actor=None, meeting=nimm_meeting, data={"title": "Angebote für Neuzugewanderte"})
    # A past NIMM meeting, held, with minutes kept internal (not published).
    nimm_past_day = today - dt.timedelta(days=60)
    nimm_past = meeting_create(
        actor=None,
        body=nimm,
        data={
            "title": "Netzwerktreffen NIMM (Demo)",
            "starts_at": _at(nimm_past_day, 10),
            "ends_at": _at(nimm_past_day, 12),
            "place": "Volkshochschule Nordhausen, Raum 1 (Demo)",
            "is_public": True,
            "is_demo": True,
        },
    )
    minutes_record(
        actor=None,
        meeting=nimm_past,
        minutes="## Niederschrift (Demo)\n\nAustausch über Wartelisten der Integrationskurse (Demo).",
    )
    inquiries = demo_inquiries_load(district=district)
    return {"bodies": 2, "meetings": 4, "inquiries": inquiries}
