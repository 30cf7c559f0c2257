"""Machine translation services behind one small interface (``Translator``): a self-hosted
LibreTranslate, DeepL, a canned translator (the demo) and a test double. Which one the site uses
comes from the settings (``WEGWEISER_MT_ENGINE``, ``config/settings/base.py``)."""

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _


class TranslationServiceError(Exception):
    """The service could not translate (not configured, unreachable, refused, unknown text);
    the message is shown to staff."""


class Translator(Protocol):
    name: str

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        """``texts`` (German, plain text or Markdown) in ``target``, in the same order."""
        ...


def _post_json(url: str, payload: object, headers: Mapping[str, str], timeout: float) -> object:
    request = urllib.request.Request(  # noqa: S310 — the URL comes from the settings
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:200]
        raise TranslationServiceError(
            _("The translation service refused the request (HTTP %(status)s): %(detail)s")
            % {"status": error.code, "detail": detail}
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise TranslationServiceError(
            _("The translation service cannot be reached: %(error)s") % {"error": error}
        ) from error


class LibreTranslateTranslator:
    """A self-hosted LibreTranslate (``POST /translate`` with a list of texts)."""

    name = "libretranslate"

    def __init__(self, *, url: str, api_key: str = "", timeout: float = 60) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        if not texts:
            return []
        payload: dict[str, object] = {"q": list(texts), "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = _post_json(f"{self.url}/translate", payload, {}, self.timeout)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise TranslationServiceError(_("The translation service answered with something unexpected."))
        return [str(t) for t in translated]


# DeepL's target codes for the content languages it supports (others are refused).
DEEPL_TARGETS = {
    "en": "EN-GB",
    "uk": "UK",
    "ru": "RU",
    "ar": "AR",
    "tr": "TR",
    "bg": "BG",
    "ro": "RO",
    "pl": "PL",
    "fr": "FR",
    "es": "ES",
    "it": "IT",
    "vi": "VI",
    "fa": "FA",
}


class DeepLTranslator:
    """DeepL's API (``POST /v2/translate``, key in the ``Authorization`` header)."""

    name = "deepl"

    def __init__(self, *, api_key: str, url: str, timeout: float = 60) -> None:
        self.api_key = api_key
        self.url = url.rstrip("/")
        self.timeout = timeout

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        if not texts:
            return []
        if not self.api_key:
            raise TranslationServiceError(_("No DeepL API key is configured."))
        code = DEEPL_TARGETS.get(target)
        if code is None:
            raise TranslationServiceError(
                _("DeepL does not translate into the language “%(language)s”.") % {"language": target}
            )
        payload = {"text": list(texts), "source_lang": source.upper(), "target_lang": code}
        headers = {"Authorization": f"DeepL-Auth-Key {self.api_key}"}
        answer = _post_json(f"{self.url}/v2/translate", payload, headers, self.timeout)
        rows = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(rows, list) or len(rows) != len(texts):
            raise TranslationServiceError(_("The translation service answered with something unexpected."))
        return [str(row.get("text", "")) for row in rows]


class FakeTranslator:
    """The test double: "[en] text" for every text; records what it was asked."""

    name = "fake"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, list[str]]] = []

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(texts)))
        return [f"[{target}] {text}" for text in texts]


class CannedTranslator:
    """Translations looked up in a table {German text: {language: text}}, e.g. the demo's.
    Multi-paragraph texts are translated paragraph by paragraph and line by line."""

    def __init__(self, table: Mapping[str, Mapping[str, str]], *, name: str = "demo") -> None:
        self.table = table
        self.name = name

    def _one(self, text: str, target: str) -> str:
        if text in self.table and target in self.table[text]:
            return self.table[text][target]
        if "\n" in text:
            return "\n".join(self._one(line, target) if line.strip() else line for line in text.split("\n"))
        raise TranslationServiceError(
            _("The demo translator has no %(language)s translation of “%(text)s”.")
            % {"language": target, "text": text[:80]}
        )

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        return [self._one(text, target) for text in texts]


def _demo() -> Translator:
    from wegweiser.demo.translations import demo_translator

    return demo_translator()


def translator_from_settings() -> Translator:
    """The service ``WEGWEISER_MT_ENGINE`` names; TranslationServiceError if there is none."""
    engine = settings.WEGWEISER_MT_ENGINE
    makers: dict[str, Callable[[], Translator]] = {
        "libretranslate": lambda: LibreTranslateTranslator(
            url=settings.WEGWEISER_LIBRETRANSLATE_URL, api_key=settings.WEGWEISER_LIBRETRANSLATE_API_KEY
        ),
        "deepl": lambda: DeepLTranslator(
            api_key=settings.WEGWEISER_DEEPL_API_KEY, url=settings.WEGWEISER_DEEPL_URL
        ),
        "demo": _demo,
        "fake": FakeTranslator,
    }
    if engine not in makers:
        raise TranslationServiceError(_("No machine translation service is configured."))
    return makers[engine]()
