"""The demo's two committee report templates (their texts are invented for the demo and say so):
the structure of the offers funded under the poverty-prevention guideline (ESF+) for the
Sozialausschuss, and the state of the local integration concept for the Integrationsbeirat."""

from django.db import transaction

from wegweiser.districts.models import District
from wegweiser.reports.models import ReportTemplate
from wegweiser.reports.services import report_template_create

POVERTY = "angebotsstruktur-armutspraevention-2026"
INTEGRATION = "umsetzungsstand-integrationskonzept"

TEMPLATES = [
    {
        "slug": POVERTY,
        "title": "Angebotsstruktur 2026 der über die Armutspräventionsrichtlinie geförderten Angebote",
        "audience": "Sozialausschuss",
        "body": """# Angebotsstruktur 2026

Vorlage für den Sozialausschuss (Demo: Angebote und Zahlen sind erfunden). Über die
Armutspräventionsrichtlinie (ESF+) werden im Landkreis derzeit
{{ anzahl foerderung="ESF+ Armutsprävention" }} Angebote gefördert; insgesamt verzeichnet der
Wegweiser {{ anzahl }} aktuelle Angebote.

## Geförderte Angebote nach Handlungsfeld

- Sprache & Bildung: {{ anzahl foerderung="ESF+ Armutsprävention" feld="sprache-bildung" }}
- Beratung & Orientierung: {{ anzahl foerderung="ESF+ Armutsprävention" feld="beratung" }}
- Familie & Kinder: {{ anzahl foerderung="ESF+ Armutsprävention" feld="familie-kinder" }}
- Ausbildung & Arbeit: {{ anzahl foerderung="ESF+ Armutsprävention" feld="ausbildung-arbeit" }}

## Die geförderten Angebote

{{ angebote foerderung="ESF+ Armutsprävention" titel="Geförderte Angebote (Armutsprävention)" }}

## Räumliche Verteilung aller Angebote

{{ karte titel="Angebote je 1.000 Einwohner nach Gemeinde" }}

## Veränderungen

{{ aenderungen }}
""",
    },
    {
        "slug": INTEGRATION,
        "title": "Umsetzungsstand Lokales Integrationskonzept",
        "audience": "Integrationsbeirat",
        "body": """# Umsetzungsstand Lokales Integrationskonzept

Bericht des Integrationsmanagements an den Integrationsbeirat (Demo: Zahlen sind erfunden).

## Angebote für Geflüchtete und Neuzugewanderte

Für Geflüchtete gibt es {{ anzahl zielgruppe="gefluechtete" }} Angebote, für Neuzugewanderte
{{ anzahl zielgruppe="neuzugewanderte" }}. Im Handlungsfeld Sprache & Bildung sind es
{{ anzahl feld="sprache-bildung" }} Angebote.

{{ diagramm art="gemeinden" feld="sprache-bildung" titel="Sprach- und Bildungsangebote je 1.000 Einwohner" }}

{{ diagramm art="verlauf" feld="sprache-bildung" titel="Sprach- und Bildungsangebote im Zeitverlauf" }}

## Angebote im Handlungsfeld Sprache & Bildung

{{ angebote feld="sprache-bildung" }}

## Veränderungen seit dem letzten Bericht

{{ aenderungen }}
""",
    },
]


@transaction.atomic
def demo_report_templates_load(*, district: District) -> int:
    """Create the demo's report templates that are missing (idempotent); returns how many."""
    created = 0
    for data in TEMPLATES:
        if not ReportTemplate.objects.filter(district=district, slug=data["slug"]).exists():
            report_template_create(actor=None, district=district, data=data | {"is_demo": True})
            created += 1
    return created
