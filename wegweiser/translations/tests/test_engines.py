"""The real translation services against a local HTTP server on 127.0.0.1 that answers like
their APIs (never the internet)."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from wegweiser.translations.engines import (
    CannedTranslator,
    DeepLTranslator,
    FakeTranslator,
    LibreTranslateTranslator,
    TranslationServiceError,
    translator_from_settings,
)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # keep the test output quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, dict(self.headers), body))  # type: ignore[attr-defined]
        status, answer = self.server.answer(self.path, self.headers, body)  # type: ignore[attr-defined]
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _libretranslate(path: str, headers: Any, body: dict) -> tuple[int, object]:
    if path != "/translate":
        return 404, {"error": "Not found"}
    if body.get("api_key") != "geheim":
        return 403, {"error": "Invalid API key"}
    return 200, {"translatedText": [f"{body['target']}:{q}" for q in body["q"]]}


def _deepl(path: str, headers: Any, body: dict) -> tuple[int, object]:
    if headers.get("Authorization") != "DeepL-Auth-Key schluessel":
        return 403, {"message": "Wrong key"}
    if body["target_lang"] == "XX":
        return 400, {"message": "Value for 'target_lang' not supported."}
    return 200, {
        "translations": [
            {"detected_source_language": "DE", "text": f"{body['target_lang']}:{t}"} for t in body["text"]
        ]
    }


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_libretranslate_sends_the_texts_as_a_list_and_returns_them_in_order(server: Any) -> None:
    server.answer = _libretranslate
    translator = LibreTranslateTranslator(url=_url(server) + "/", api_key="geheim", timeout=5)
    assert translator.translate(["Hallo", "Welt"], source="de", target="uk") == ["uk:Hallo", "uk:Welt"]
    path, _headers, body = server.requests[0]
    assert path == "/translate"
    assert body == {
        "q": ["Hallo", "Welt"],
        "source": "de",
        "target": "uk",
        "format": "text",
        "api_key": "geheim",
    }


def test_libretranslate_refusal_is_a_service_error_with_the_status(server: Any) -> None:
    server.answer = _libretranslate
    translator = LibreTranslateTranslator(url=_url(server), api_key="falsch", timeout=5)
    with pytest.raises(TranslationServiceError, match="403"):
        translator.translate(["Hallo"], source="de", target="uk")


def test_unreachable_service_is_a_service_error() -> None:
    translator = LibreTranslateTranslator(url="http://127.0.0.1:9", timeout=2)
    with pytest.raises(TranslationServiceError):
        translator.translate(["Hallo"], source="de", target="en")


def test_deepl_sends_the_key_in_the_header_and_maps_the_language_codes(server: Any) -> None:
    server.answer = _deepl
    translator = DeepLTranslator(api_key="schluessel", url=_url(server), timeout=5)
    assert translator.translate(["Hallo"], source="de", target="en") == ["EN-GB:Hallo"]
    path, headers, body = server.requests[0]
    assert path == "/v2/translate"
    assert headers["Authorization"] == "DeepL-Auth-Key schluessel"
    assert body == {"text": ["Hallo"], "source_lang": "DE", "target_lang": "EN-GB"}


def test_deepl_refuses_languages_it_does_not_know_before_calling() -> None:
    translator = DeepLTranslator(api_key="schluessel", url="http://127.0.0.1:9")
    with pytest.raises(TranslationServiceError, match="ti"):
        translator.translate(["Hallo"], source="de", target="ti")


def test_deepl_with_a_wrong_key_is_a_service_error(server: Any) -> None:
    server.answer = _deepl
    translator = DeepLTranslator(api_key="anders", url=_url(server), timeout=5)
    with pytest.raises(TranslationServiceError, match="403"):
        translator.translate(["Hallo"], source="de", target="uk")


def test_the_double_marks_the_language_and_records_the_calls() -> None:
    fake = FakeTranslator()
    assert fake.translate(["Hallo"], source="de", target="ar") == ["[ar] Hallo"]
    assert fake.calls == [("de", "ar", ["Hallo"])]


def test_the_canned_translator_translates_known_lines_of_a_longer_text() -> None:
    canned = CannedTranslator({"Hallo.": {"en": "Hello."}, "- Tee": {"en": "- Tea"}})
    assert canned.translate(["Hallo.\n\n- Tee"], source="de", target="en") == ["Hello.\n\n- Tea"]
    with pytest.raises(TranslationServiceError):
        canned.translate(["Unbekannt"], source="de", target="en")


def test_the_engine_comes_from_the_settings(settings: Any) -> None:
    settings.WEGWEISER_MT_ENGINE = "libretranslate"
    settings.WEGWEISER_LIBRETRANSLATE_URL = "http://127.0.0.1:5000"
    assert isinstance(translator_from_settings(), LibreTranslateTranslator)
    settings.WEGWEISER_MT_ENGINE = "deepl"
    assert isinstance(translator_from_settings(), DeepLTranslator)
    settings.WEGWEISER_MT_ENGINE = ""
    with pytest.raises(TranslationServiceError):
        translator_from_settings()
