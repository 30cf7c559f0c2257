"""Reading content in the visitor's language, falling back to the German source."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Localised:
    text: str
    language: str  # the language the text is actually in
    requested: str

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.language != self.requested

    def __str__(self) -> str:
        return self.text


def localise(obj: Any, field: str, language: str) -> Localised:
    """``field`` of ``obj`` in ``language`` if a translation row has it, else the German source.
    Uses ``obj.translations.all()``, so prefetch translations for lists."""
    source = getattr(obj, field) or ""
    if language != "de" and hasattr(obj, "translations"):
        for translation in obj.translations.all():
            if translation.language_id == language:
                value = getattr(translation, field, "")
                if value:
                    return Localised(value, language, language)
    return Localised(source, "de", language)
