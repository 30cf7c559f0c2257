"""Write locale/{uk,ru,ar,fa}/LC_MESSAGES/django.po from print_languages.py (needs polib), then
run ``manage.py compilemessages``. These catalogs hold only the printed catalog's labels."""

import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).parent))
from print_languages import LANGUAGES, PLURAL_FORMS, PRINT

root = Path(__file__).parents[2] / "locale"
for language in LANGUAGES:
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "Wegweiser",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS[language],
    }
    for msgid, texts in sorted(PRINT.items()):
        if language in texts:
            po.append(polib.POEntry(msgid=msgid, msgstr=texts[language]))
    path = root / language / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    print(f"{path}: {len(po)} entries")
