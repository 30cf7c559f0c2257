"""The staff flows clicked through in headless Chromium (Debian's package, driven by Playwright),
logging in through the login form: an editor creates an offer and submits it for review, a
reviewer publishes it, builds an edition (the real background worker, the page watching the
progress), releases it after a confirmation and sends it through a local SMTP server.

On every back-office page visited: no form inside a form, no axe-core WCAG 2.1 A/AA violation,
and a screenshot at 360 px and 1366 px width in ``test-artifacts/backoffice/``. Chromium runs
with its default English locale: the back office must answer in German all the same."""

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings

from wegweiser.backoffice.tests.html_checks import nested_forms
from wegweiser.catalog.models import Offer
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.publishing.models import Delivery, Edition, Recipient, RecipientList
from wegweiser.publishing.tests.test_distribution import Mailbox, _free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "backoffice"
WIDTHS = (360, 1366)
# Violations in markup that Django's admin JavaScript generates and our templates cannot change:
# (axe rule, pattern of the exact selectors). Nothing else is excluded.
AXE_EXCLUDED = [
    # SelectFilter2.js (Django 5.2, the two-box widget of fields of action, target groups, ...):
    # the magnifier icon <span class="help-tooltip search-label-icon" aria-label="…"> has no role.
    (
        "aria-prohibited-attr",
        re.compile(
            r'(label\[for="id_\w+_input"\]|#id_\w+_filter_selected > label) > '
            r"\.(help-tooltip\.search-label-icon|search-label-icon\.help-tooltip)"
        ),
    ),
    # Select2 of Django's autocomplete widget (organisation): its combobox takes its name from the
    # chosen value, so it has none while nothing is chosen yet (the <label for> names the hidden select).
    ("aria-input-field-name", re.compile(r"\.select2-selection|#select2-id_\w+-container")),
]


def _excluded(rule: str, selector: str) -> bool:
    return any(rule == r and pattern.fullmatch(selector) for r, pattern in AXE_EXCLUDED)


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def staff_login(page: Any, base_url: str, username: str, password: str = "pw") -> None:  # noqa: S107
    """Log in through the back office's login form, as staff do (the one place to adapt when the
    login gains throttling or a second factor)."""
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


class PageChecks:
    """What every visited back-office page must pass; collects problems so that one run shows them all."""

    def __init__(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.problems: dict[str, str] = {}
        self.visited: list[str] = []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Any, name: str) -> None:
        self.visited.append(name)
        if found := nested_forms(page.content()):
            self.problems[f"{name}: nested forms"] = "\n".join(found)
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.response["passes"], "axe-core ran no rule"
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
            for v in results.response["violations"]
            for node in v["nodes"]
            if not _excluded(v["id"], " ".join(map(str, node["target"])))
        ]
        if violations:
            self.problems[f"{name}: axe"] = "\n".join(violations)
        size = page.viewport_size
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size(size)

    def assert_clean(self) -> None:
        assert not self.problems, "\n\n".join(f"{k}\n{v}" for k, v in self.problems.items())


@pytest.fixture
def chromium(live_server: Any) -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (make system-deps).")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
            )
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port
    ):
        yield mailbox
    controller.stop()


def _run_worker() -> None:
    """The real worker (``manage.py db_worker``) until the queue is empty."""
    call_command("db_worker", batch=True, startup_delay=False, interval=0.1, verbosity=0)


def _message(page: Any) -> str:
    return page.locator("ul.messagelist").inner_text()


def test_staff_click_through_offer_review_edition_release_and_dispatch(
    chromium: Any, live_server: Any, district: Any, editor: Any, reviewer: Any, smtp_server: Mailbox
) -> None:
    base = live_server.url
    OrganisationFactory(district=district, name="Caritas Nordhausen")
    partners = RecipientList.objects.create(district=district, name="Netzwerkpartner")
    for name, address in [("Caritas", "caritas@example.org"), ("VHS", "vhs@example.org")]:
        Recipient.objects.create(recipient_list=partners, name=name, email=address)
    check = PageChecks()

    # The editor creates an offer in the real form and submits it for review.
    as_editor = chromium.new_context(viewport={"width": 1366, "height": 900}).new_page()
    staff_login(as_editor, base, "editor")
    check(as_editor, "index-editor")
    as_editor.click("tr.model-offer th a")  # the app list (the start page also links overdue offers)
    as_editor.click("text=Angebot hinzufügen")
    as_editor.wait_for_selector("#id_terms_from")
    assert "Verfügbare Kategorien" in as_editor.content() or "Verfügbare" in as_editor.content()
    check(as_editor, "offer-add")
    as_editor.select_option("#id_district", label="Landkreis Nordhausen")
    as_editor.click("#id_organisation + .select2 .select2-selection")
    as_editor.fill(".select2-search__field", "Caritas")
    as_editor.click(".select2-results__option >> text=Caritas Nordhausen")
    as_editor.fill("#id_name", "Nähcafé im Browser")
    as_editor.fill("#id_short_description", "Gemeinsam nähen und Deutsch sprechen")
    as_editor.select_option("#id_terms_from", label=["Wohnen", "Erwachsene"])
    as_editor.click("#id_terms_add")  # the "Choose" arrow of the field-of-action/target-group widget
    as_editor.check("#id_serves_whole_district")
    as_editor.click("input[name=_submit_for_review]")
    assert "zur Prüfung eingereicht" in _message(as_editor)
    check(as_editor, "offer-submitted")
    offer = Offer.objects.get(name="Nähcafé im Browser")
    assert offer.state == Offer.State.IN_REVIEW
    assert {t.name for t in offer.terms.all()} == {"Wohnen", "Erwachsene"}

    # The reviewer publishes it from the list of offers waiting for review.
    as_reviewer = chromium.new_context(viewport={"width": 1366, "height": 900}).new_page()
    staff_login(as_reviewer, base, "reviewer")
    as_reviewer.goto(f"{base}/admin/catalog/offer/?state__exact=in_review")
    check(as_reviewer, "offer-list-in-review")
    as_reviewer.check(f"input.action-select[value='{offer.pk}']")
    as_reviewer.select_option("select[name=action]", value="publish")
    as_reviewer.click("button[name=index]")
    assert "veröffentlicht" in _message(as_reviewer)
    offer.refresh_from_db()
    assert offer.state == Offer.State.PUBLISHED

    # The reviewer creates an edition and builds it; the real worker builds, the page follows.
    # The page's clock is the test's, so that the page never polls while the in-process worker uses the
    # database (on SQLite the live server shares the test's connection): it is paused for the worker.
    as_reviewer.clock.install()
    in_flight: set[Any] = set()
    as_reviewer.on("request", lambda request: in_flight.add(request))
    as_reviewer.on("requestfinished", lambda request: in_flight.discard(request))
    as_reviewer.on("requestfailed", lambda request: in_flight.discard(request))
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        as_reviewer.goto(f"{base}/admin/publishing/edition/add/")
        check(as_reviewer, "edition-add")
        as_reviewer.select_option("#id_district", label="Landkreis Nordhausen")
        as_reviewer.fill("#id_title", "Angebote im Landkreis")
        as_reviewer.select_option("#id_language", value="de")
        as_reviewer.click("input[name=_continue]")
        as_reviewer.click("text=Jetzt erstellen")
        status = as_reviewer.locator("#edition-build-status")
        assert "wartet" in status.inner_text()  # queued: no worker has taken it yet
        assert as_reviewer.locator("progress").count() == 1
        check(as_reviewer, "edition-build-waiting")
        as_reviewer.clock.pause_at(as_reviewer.evaluate("Date.now()") + 100)
        while in_flight:  # a poll that had already started
            as_reviewer.wait_for_timeout(50)
        _run_worker()
        # The page asks every 2 s whether the build has ended; once it has, it reloads itself with the PDF.
        as_reviewer.clock.run_for(2_000)
        as_reviewer.wait_for_selector("text=PDF öffnen", timeout=30_000)
        as_reviewer.clock.resume()
        assert "erstellt" in status.inner_text()
        check(as_reviewer, "edition-built")
        edition = Edition.objects.get(title="Angebote im Landkreis")
        assert edition.build_state == Edition.BuildState.DONE and edition.offer_count == 1

        # Release, after the confirmation question.
        as_reviewer.click("text=Freigeben (nicht umkehrbar)")
        assert "wirklich freigeben?" in as_reviewer.content()
        check(as_reviewer, "edition-release-confirm")
        edition.refresh_from_db()
        assert not edition.is_released
        as_reviewer.click("input[value='Ja, freigeben']")
        assert "freigegeben" in _message(as_reviewer)
        edition.refresh_from_db()
        assert edition.is_released

        # Send it to the partners' list through the local SMTP server.
        as_reviewer.click("text=Per E-Mail versenden")
        check(as_reviewer, "edition-send")
        as_reviewer.select_option("#id_recipient_list", label="Netzwerkpartner")
        as_reviewer.click("input[value='Jetzt senden']")
        assert "2 E-Mails" in _message(as_reviewer)
        _run_worker()
        as_reviewer.reload()
        check(as_reviewer, "dispatch-log")
    log = as_reviewer.locator("#content-main").inner_text()
    assert log.count("gesendet") >= 2 and "caritas@example.org" in log and "vhs@example.org" in log
    assert sorted(r for rcpts, _m in smtp_server.messages for r in rcpts) == [
        "caritas@example.org",
        "vhs@example.org",
    ]
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}
    check.assert_clean()
