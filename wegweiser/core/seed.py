"""Languages known to a new installation: (code, German, English, native, right-to-left)."""

LANGUAGES = [
    ("de", "Deutsch", "German", "Deutsch", False),
    ("en", "Englisch", "English", "English", False),
    ("uk", "Ukrainisch", "Ukrainian", "Українська", False),
    ("ru", "Russisch", "Russian", "Русский", False),
    ("ar", "Arabisch", "Arabic", "العربية", True),
    ("fa", "Persisch (Farsi)", "Persian (Farsi)", "فارسی", True),
    ("prs", "Dari", "Dari", "دری", True),
    ("ps", "Paschtu", "Pashto", "پښتو", True),
    ("tr", "Türkisch", "Turkish", "Türkçe", False),
    ("ku", "Kurdisch (Kurmandschi)", "Kurdish (Kurmanji)", "Kurmancî", False),
    ("ti", "Tigrinya", "Tigrinya", "ትግርኛ", False),
    ("bg", "Bulgarisch", "Bulgarian", "Български", False),
    ("ro", "Rumänisch", "Romanian", "Română", False),
    ("pl", "Polnisch", "Polish", "Polski", False),
    ("vi", "Vietnamesisch", "Vietnamese", "Tiếng Việt", False),
    ("fr", "Französisch", "French", "Français", False),
    ("es", "Spanisch", "Spanish", "Español", False),
    ("sq", "Albanisch", "Albanian", "Shqip", False),
    ("so", "Somali", "Somali", "Soomaali", False),
    ("hi", "Hindi", "Hindi", "हिन्दी", False),
]
