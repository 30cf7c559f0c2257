"""Every interface string of the public directory and the partner portal (as
tools/i18n/public_messages.py collects them) is translated in every interface language of
``settings.LANGUAGES`` but English, the language of the msgids (issue 16). Reads the compiled
catalogs Django uses (the project's merged with Django's own), so ``compilemessages`` must
have run; a missing or fuzzy entry fails with its msgid."""

import gettext
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import trans_real

TOOL = Path(settings.BASE_DIR) / "tools" / "i18n" / "public_messages.py"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


@pytest.fixture(scope="module")
def public_msgids(tmp_path_factory: pytest.TempPathFactory) -> list[str | tuple[str, int]]:
    """The catalog keys of the public strings: ``msgid`` (``context\\x04msgid`` with a
    context), ``(msgid, 0)`` for a plural."""
    if not all(shutil.which(tool) for tool in ("xgettext", "msgen", "msgfmt")):
        pytest.skip("needs Debian's gettext (xgettext, msgen, msgfmt)")
    spec = importlib.util.spec_from_file_location("public_messages", TOOL)
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    folder = tmp_path_factory.mktemp("public")
    pot, english, mo = folder / "public.pot", folder / "en.po", folder / "en.mo"
    tool.write_pot(pot)
    subprocess.run(["msgen", "-o", str(english), str(pot)], check=True)  # noqa: S603, S607 - Debian gettext
    header = "nplurals=INTEGER; plural=EXPRESSION;"
    english.write_text(english.read_text("utf-8").replace(header, "nplurals=2; plural=(n != 1);"), "utf-8")
    subprocess.run(["msgfmt", "-o", str(mo), str(english)], check=True)  # noqa: S603, S607 - Debian gettext
    with mo.open("rb") as f:
        keys = [key for key in gettext.GNUTranslations(f)._catalog if key != ""]  # type: ignore[attr-defined]
    assert len(keys) > 200
    return [key for key in keys if not (isinstance(key, tuple) and key[1] != 0)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_interface_string_is_translated(
    language: str, public_msgids: list[str | tuple[str, int]]
) -> None:
    catalog = trans_real.DjangoTranslation(language)._catalog  # type: ignore[attr-defined]
    missing = [key for key in public_msgids if not catalog.get(key)]
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"
