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


def localise(obj: Any, field: str, language: str, also: tuple[str, ...] = ()) -> Localised:
    """``field`` of ``obj`` in ``language`` if a translation row has it, else in the first of
    ``also`` that has it (e.g. the interface language), else the German source.
    Uses ``obj.translations.all()``, so prefetch translations for lists."""
    source = getattr(obj, field) or ""
    wanted = [code for code in (language, *also) if code != "de"]
    if wanted and hasattr(obj, "translations"):
        found = {
            t.language_id: getattr(t, field, "") for t in obj.translations.all() if t.language_id in wanted
        }
        for code in wanted:
            if found.get(code):
                return Localised(found[code], code, language)
    return Localised(source, "de", language)
