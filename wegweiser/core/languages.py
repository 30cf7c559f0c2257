"""Facts about languages that code needs without a database query."""

# Scripts written right to left (ISO 639 codes as used for Language.code).
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ckb", "ur", "he"})


def text_direction(code: str) -> str:
    return "rtl" if code in RTL_LANGUAGES else "ltr"
