"""Invented council inquiries (Anfragen) of the demo district, visibly demo: one answered with
figures from the catalog, one in progress due soon, one overdue, so that the deadline list and
the letter show something."""

import datetime as dt

from django.utils import timezone

from wegweiser.council.models import Inquiry
from wegweiser.council.services.inquiries import inquiry_create, inquiry_status_set
from wegweiser.districts.models import District

ADDRESS = "Kreistag des Landkreises Nordhausen (Demo)\nGeschäftsstelle (Demo)"


def demo_inquiries_load(*, district: District) -> int:
    """Three invented inquiries (idempotent: none if the district has demo inquiries)."""
    if Inquiry.objects.filter(district=district, is_demo=True).exists():
        return 0
    today = timezone.localdate()
    base = {"district": district, "address": ADDRESS, "is_demo": True}
    answered = inquiry_create(
        actor=None,
        data=base
        | {
            "reference": "AF/0001/Demo",
            "asked_by": "Fraktion Beispiel (Demo)",
            "received_on": today - dt.timedelta(days=20),
            "deadline": today + dt.timedelta(days=10),
            "subject": "Sprachkurse im Landkreis (Demo)",
            "question": "Wie viele Angebote zur Sprachförderung gibt es derzeit im Landkreis? (Demo)",
            "answer": (
                "Derzeit verzeichnet der Angebotskatalog "
                '{{ anzahl feld="sprache-bildung" }} Angebote im Handlungsfeld Sprache und Bildung. '
                "(Demo: Anfrage und Antwort sind erfunden.)"
            ),
        },
    )
    inquiry_status_set(actor=None, inquiry=answered, status=Inquiry.Status.ANSWERED)
    inquiry_create(
        actor=None,
        data=base
        | {
            "reference": "AF/0002/Demo",
            "asked_by": "Kreistagsmitglied Erika Beispiel (Demo)",
            "received_on": today - dt.timedelta(days=25),
            "deadline": today + dt.timedelta(days=4),
            "subject": "Beratung für Geflüchtete in Ellrich (Demo)",
            "question": "Welche Beratungsangebote für Geflüchtete gibt es in Ellrich? (Demo)",
        },
    )
    inquiry_create(
        actor=None,
        data=base
        | {
            "reference": "AF/0003/Demo",
            "asked_by": "Fraktion Muster (Demo)",
            "received_on": today - dt.timedelta(days=40),
            "deadline": today - dt.timedelta(days=2),
            "subject": "Kinderbetreuung während der Integrationskurse (Demo)",
            "question": "Wie viele Integrationskurse bieten eine Kinderbetreuung an? (Demo)",
        },
    )
    return 3
