"""What staff read about the columns of the Excel template (German, the staff's language) and
the allowed values of enumerated columns."""

ENUMERATIONS: dict[str, list[str]] = {
    "service.status": ["active", "temporarily closed", "inactive", "defunct"],
    "location.location_type": ["physical", "postal", "virtual"],
    "location.accessibility_level": ["yes", "partly", "no", "unknown"],
    "phone.type": ["voice", "cell", "fax", "text"],
    "schedule.freq": ["WEEKLY", "MONTHLY"],
    "funding_programme.funder": ["land", "bund", "eu", "kommune", "stiftung", "eigen"],
    "service.free_of_charge": ["true", "false"],
    "service.interpretation_available": ["true", "false"],
    "service.registration_required": ["true", "false"],
    "service.childcare_available": ["true", "false"],
    "service.serves_whole_district": ["true", "false"],
    "service.is_mobile": ["true", "false"],
}

COLUMN_HELP: dict[str, str] = {
    "id": "Kennung (UUID). Leer lassen für neue Einträge; dann wird eine vergeben. "
    "Beim erneuten Import wird über diese Kennung zugeordnet.",
    "organization_id": "Träger: Kennung (UUID) oder genauer Name eines Trägers aus der Tabelle organization "
    "oder aus dem Katalog.",
    "service_id": "Angebot: Kennung (UUID) oder genauer Name eines Angebots aus der Tabelle service.",
    "location_id": "Ort: Kennung (UUID) oder genauer Name eines Orts aus der Tabelle location.",
    "taxonomy_term_id": "Kategorie: Kennung (UUID) oder Name des Begriffs (Auswahlliste).",
    "name": "Name, wie er im Katalog erscheint.",
    "description": "Beschreibung (Markdown erlaubt).",
    "service.short_description": "Kurzbeschreibung, höchstens 300 Zeichen (für Listen und das Heft).",
    "service.status": "active = läuft, temporarily closed = pausiert, inactive/defunct = eingestellt.",
    "service.application_process": "Wie man sich anmeldet.",
    "service.fees_description": "Kosten in Worten.",
    "service.free_of_charge": "true = kostenlos.",
    "service.assured_date": "Zuletzt geprüft am (JJJJ-MM-TT).",
    "service.last_modified": "Zeitpunkt der letzten Änderung (wird beim Export gefüllt).",
    "service.valid_from": "Läuft von (JJJJ-MM-TT).",
    "service.valid_to": "Läuft bis (JJJJ-MM-TT).",
    "service.serves_whole_district": "true = für den ganzen Landkreis.",
    "service.is_mobile": "true = aufsuchend/mobil.",
    "location.municipality_key": "Amtlicher Gemeindeschlüssel (8 Ziffern, Auswahlliste).",
    "location.latitude": "Breitengrad, z. B. 51.5051.",
    "location.longitude": "Längengrad, z. B. 10.7911.",
    "service_area.municipality_key": "Amtlicher Gemeindeschlüssel der versorgten Gemeinde.",
    "schedule.byday": "Wochentage, z. B. MO,WE; 1TU = erster Dienstag im Monat.",
    "schedule.opens_at": "Beginn, z. B. 09:00.",
    "schedule.closes_at": "Ende, z. B. 12:30.",
    "language.code": "Sprachcode nach ISO 639-1, z. B. ar, uk, fa (Auswahlliste).",
    "attribute.link_id": "Kennung oder Name des Angebots, dem die Kategorie zugeordnet wird.",
    "attribute.link_entity": "Immer service.",
    "translation.language": "Sprachcode der Übersetzung.",
    "translation.field": "Übersetztes Feld, z. B. name, short_description, description.",
}
