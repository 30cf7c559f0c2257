"""Fill locale/de/LC_MESSAGES/django.po from de.py (needs polib: ``pip install polib``)
and report msgids that still lack a German text."""

import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).parent))
from de import DE, PLURALS

po_path = Path(__file__).parents[2] / "locale/de/LC_MESSAGES/django.po"
po = polib.pofile(str(po_path))
missing = []
for entry in po:
    if entry.msgid_plural:
        if entry.msgid in PLURALS:
            entry.msgstr_plural = dict(enumerate(PLURALS[entry.msgid]))
        else:
            missing.append(entry.msgid)
    elif entry.msgid in DE:
        entry.msgstr = DE[entry.msgid]
    elif not entry.msgstr or "fuzzy" in entry.flags:
        # makemessages' fuzzy guesses ("Contents" → "Dateiinhalt") are never kept.
        entry.msgstr = ""
        missing.append(entry.msgid)
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
po.metadata["Language"] = "de"
po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
po.save()
print(f"missing: {missing}" if missing else "all translated")
