"""The interface strings of the public directory and the partner portal, as a POT file,
and appending the missing ones to a language's catalog.

    .venv/bin/python tools/i18n/public_messages.py pot [OUT.pot]      # default /tmp/public.pot
    .venv/bin/python tools/i18n/public_messages.py append uk ar de_LS  # locale dir names

``append`` adds the msgids that a catalog lacks at its END (msgstr empty), never re-sorts or
rewrites existing entries (other branches edit the same files), creating
``locale/<dir>/LC_MESSAGES/django.po`` with a header when missing. Translate the empty
msgstrs, then ``msgfmt --check`` and ``manage.py compilemessages --ignore=.venv``.
Needs Debian's gettext (xgettext, msgmerge, msgattrib)."""

import subprocess
import sys
import tempfile
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
# What a visitor of the directory or a partner in the portal can see.
SOURCES = [
    "wegweiser/directory",
    "wegweiser/portal",
    "wegweiser/freshness/views.py",
    "wegweiser/freshness/forms.py",
    "wegweiser/freshness/portal.py",
    "wegweiser/freshness/templates/freshness/_offer.html",
    "wegweiser/freshness/templates/freshness/link.html",
    "wegweiser/freshness/templates/freshness/link_done.html",
    "wegweiser/freshness/templates/freshness/link_refused.html",
    "wegweiser/catalog/weekdays.py",
    "wegweiser/catalog/selectors/directory.py",
    "wegweiser/catalog/selectors/facets.py",
    "wegweiser/translations/templatetags",
    "wegweiser/partners/policy.py",
    "wegweiser/partners/services.py",
    "config/settings/base.py",
]
KEYWORDS = [
    "gettext_noop", "gettext_lazy", "ngettext_lazy:1,2", "pgettext:1c,2", "npgettext:1c,2,3",
    "pgettext_lazy:1c,2", "npgettext_lazy:1c,2,3", "_", "gettext", "ngettext:1,2",
]  # fmt: skip


def _files() -> list[Path]:
    found: list[Path] = []
    for source in SOURCES:
        path = ROOT / source
        if path.is_dir():
            found += [
                p
                for p in sorted(path.rglob("*"))
                if p.suffix in {".py", ".html", ".txt"}
                and "tests" not in p.parts
                and "migrations" not in p.parts
            ]
        elif path.exists():
            found.append(path)
    return found


def write_pot(out: Path) -> None:
    from django.utils.translation.template import templatize

    with tempfile.TemporaryDirectory() as tmp:
        inputs: list[str] = []
        for path in _files():
            rel = path.relative_to(ROOT)
            if path.suffix == ".py":
                inputs.append(str(rel))
            else:  # templates: Django's own preprocessing, as makemessages does
                target = Path(tmp) / (str(rel) + ".py")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(
                    templatize(path.read_text(encoding="utf-8"), origin=str(rel)), encoding="utf-8"
                )
                inputs.append(str(target))
        subprocess.run(  # noqa: S603 — fixed tools, our own file names
            ["xgettext", "-d", "django", "-L", "Python", "--from-code=UTF-8", "--add-comments=Translators",
             "--no-wrap", "--sort-by-file", "-o", str(out)]
            + [f"--keyword={k}" for k in KEYWORDS]
            + inputs,
            cwd=ROOT, check=True,
        )  # fmt: skip
        text = out.read_text(encoding="utf-8").replace(tmp + "/", "").replace(".html.py:", ".html:")
        out.write_text(text.replace(".txt.py:", ".txt:").replace("CHARSET", "UTF-8"), encoding="utf-8")


HEADER = """msgid ""
msgstr ""
"Project-Id-Version: Wegweiser\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def append(locale_dir: str, pot: Path) -> int:
    po = ROOT / "locale" / locale_dir / "LC_MESSAGES" / "django.po"
    if not po.exists():
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_text(HEADER.format(lang=locale_dir), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        merged = Path(tmp) / "merged.po"
        subprocess.run(  # noqa: S603
            ["msgmerge", "--quiet", "--no-fuzzy-matching", "--no-wrap", "-o", str(merged), str(po), str(pot)],  # noqa: S607
            check=True,
        )
        missing = subprocess.run(  # noqa: S603
            ["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", str(merged)],  # noqa: S607
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    existing = po.read_text(encoding="utf-8")
    entries = [e for e in missing.split("\n\n")[1:] if e.strip()]
    new = [e for e in entries if _msgid_line(e) not in existing]
    if new:
        po.write_text(existing.rstrip("\n") + "\n\n" + "\n\n".join(new).rstrip("\n") + "\n", encoding="utf-8")
    return len(new)


def _msgid_line(entry: str) -> str:
    """The entry's msgctxt+msgid lines, as they appear in the catalog (used to skip entries
    that are present but untranslated)."""
    lines = [ln for ln in entry.splitlines() if not ln.startswith("#")]
    key: list[str] = []
    for ln in lines:
        if ln.startswith(("msgstr", "msgid_plural")):
            break
        key.append(ln)
    return "\n".join(key) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    command, *args = sys.argv[1:] or ["pot"]
    if command == "pot":
        write_pot(Path(args[0]) if args else Path(tempfile.gettempdir()) / "public.pot")
    elif command == "append":
        with tempfile.TemporaryDirectory() as tmp:
            pot = Path(tmp) / "public.pot"
            write_pot(pot)
            for locale_dir in args:
                print(locale_dir, append(locale_dir, pot), "new entries")
    else:
        sys.exit(__doc__)
