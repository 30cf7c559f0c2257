"""Facts about languages that code needs without a database query."""

# Scripts written right to left (ISO 639 codes as used for Language.code).
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ckb", "ur", "he"})

# Interface languages Django's own ``LANG_INFO`` lacks (``settings.LANGUAGES`` lists them).
# ``de-ls`` is Leichte Sprache (easy-to-read German): there is no registered language tag
# for it, so the URL says ``/de-ls/`` and the page says ``lang="de-x-ls"`` (German with a
# private-use subtag: screen readers read German, validators accept it). Kurdish is
# Kurmanji (``ku``, Latin script) as in CLDR and browsers' Accept-Language; Sorani would be
# ``ckb``.
EXTRA_LANG_INFO = {
    "de-ls": {
        "bidi": False,
        "code": "de-ls",
        "name": "German (Easy Language)",
        "name_local": "Leichte Sprache",
    },
    "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
    "ku": {"bidi": False, "code": "ku", "name": "Kurdish (Kurmanji)", "name_local": "Kurmancî"},
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
}
# Names in the language itself where Django's differ from what visitors expect to read.
ENDONYMS = {
    "de": "Deutsch",
    "de-ls": "Leichte Sprache",
    "en": "English",
    "uk": "Українська",
    "ru": "Русский",
    "ar": "العربية",
    "fa": "فارسی / دری",
    "ps": "پښتو",
    "tr": "Türkçe",
    "ku": "Kurmancî",
    "ti": "ትግርኛ",
    "bg": "Български",
    "ro": "Română",
}
# ``lang`` attribute values where the URL's code is no valid BCP 47 tag.
HTML_LANG = {"de-ls": "de-x-ls"}


def text_direction(code: str) -> str:
    return "rtl" if code.split("-")[0] in RTL_LANGUAGES else "ltr"


def html_lang(code: str) -> str:
    """The BCP 47 tag for a ``lang`` attribute (``de-ls`` -> ``de-x-ls``)."""
    return HTML_LANG.get(code, code)


def endonym(code: str) -> str:
    """The language's name in itself, for the language chooser."""
    from django.conf.locale import LANG_INFO

    return ENDONYMS.get(code) or LANG_INFO.get(code, {}).get("name_local", code)


def register_lang_info() -> None:
    """Teach Django's ``get_language_info`` the interface languages it does not ship."""
    from django.conf.locale import LANG_INFO

    for code, info in EXTRA_LANG_INFO.items():
        LANG_INFO.setdefault(code, info)
