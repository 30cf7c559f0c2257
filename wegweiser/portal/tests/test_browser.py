"""The partner portal clicked through in headless Chromium (Debian's package, Playwright): staff
invite a person of a provider in the back office, the e-mail goes through a local SMTP server,
the person opens the link on a phone, chooses a password, logs out and in again, proposes a
change of an offer (name, a new time) and a new offer, and sees the reviewer's comment.

Every portal page passes axe-core's WCAG 2.1 A/AA rules and is saved as a screenshot at 360 px
and 1366 px width in ``test-artifacts/portal/``."""

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from wegweiser.backoffice.tests.test_browser_flows import (  # noqa: F401  (fixtures)
    PageChecks,
    chromium,
    smtp_server,
    staff_login,
)
from wegweiser.catalog.models import Offer
from wegweiser.partners.models import PartnerAccess
from wegweiser.publishing.tests.test_distribution import Mailbox
from wegweiser.revisions.models import Revision
from wegweiser.revisions.services import revision_reject

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "portal"
WIDTHS = (360, 1366)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class PortalChecks:
    """axe-core on every visited portal page and screenshots at both widths."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.problems: dict[str, str] = {}
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Any, name: str) -> None:
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.response["passes"], "axe-core ran no rule"
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
            for v in results.response["violations"]
            for node in v["nodes"]
        ]
        if violations:
            self.problems[name] = "\n".join(violations)
        size = page.viewport_size
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size(size)

    def assert_clean(self) -> None:
        assert not self.problems, "\n\n".join(f"{k}\n{v}" for k, v in self.problems.items())


def test_partner_is_invited_logs_in_proposes_a_change_and_a_new_offer(
    chromium: Any,  # noqa: F811
    live_server: Any,
    smtp_server: Mailbox,  # noqa: F811
    editor: Any,
    reviewer: Any,
    caritas: Any,
    caritas_offer: Offer,
    settings: Any,
) -> None:
    settings.WEGWEISER_PUBLIC_URL = live_server.url
    base = live_server.url
    admin_checks, check = PageChecks(), PortalChecks()

    # Staff invite a person of the Caritas in the back office.
    staff = chromium.new_context(viewport={"width": 1366, "height": 900}).new_page()
    staff_login(staff, base, "editor")
    staff.goto(f"{base}/admin/partners/invitation/add/")
    staff.click("#id_organisation + .select2 .select2-selection")
    staff.fill(".select2-search__field", "Caritas")
    staff.click(".select2-results__option >> text=Caritas (Demo)")
    staff.fill("#id_email", "nora@example.org")
    staff.check("#id_is_manager")
    admin_checks(staff, "invitation-add")
    staff.click("input[name=_save]")
    assert "nora@example.org" in staff.locator("ul.messagelist").inner_text()
    admin_checks(staff, "invitation-list")
    admin_checks.assert_clean()
    (recipients, message) = smtp_server.messages[-1]
    assert recipients == ["nora@example.org"]
    body = message.get_payload(decode=True).decode()
    link = re.search(r"http\S+/partner/einladung/\S+/", body).group(0)  # type: ignore[union-attr]

    # On a phone: accept the invitation with a password.
    phone = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    phone.goto(link)
    assert "Einladung für Caritas (Demo)" in phone.content()
    check(phone, "invitation")
    phone.fill("#id_first_name", "Nora")
    phone.fill("#id_last_name", "Demo")
    phone.fill("#id_password1", "kurz")
    phone.fill("#id_password2", "kurz")
    phone.click("text=Einladung annehmen")
    assert phone.locator(".errorlist").count() >= 1
    check(phone, "invitation-error")
    phone.fill("#id_password1", "Nähcafé-im-Winter-26")
    phone.fill("#id_password2", "Nähcafé-im-Winter-26")
    phone.click("text=Einladung annehmen")
    phone.wait_for_selector("h1:has-text('Ihre Angebote')")
    assert "Willkommen" in phone.content() and "Sprachcafé" in phone.content()
    check(phone, "home-first")
    user = PartnerAccess.objects.get(organisation=caritas).user
    assert not user.is_staff and user.first_name == "Nora"

    # Log out and in again through the portal's login.
    phone.click("text=Abmelden")
    phone.wait_for_selector("h1:has-text('Anmeldung im Partnerportal')")
    check(phone, "login")
    phone.fill("#id_username", "nora@example.org")
    phone.fill("#id_password", "Nähcafé-im-Winter-26")
    phone.click("button:has-text('Anmelden')")
    phone.wait_for_selector("h1:has-text('Ihre Angebote')")

    # Propose a change: a new name and a new time.
    phone.click(f"a[href$='/angebote/{caritas_offer.pk}/'] >> nth=0")
    phone.wait_for_selector("h2:has-text('Änderungen vorschlagen')")
    check(phone, "offer-edit")
    phone.fill("#id_name", "Sprachcafé am Markt")
    phone.check("#id_schedule-0-byday_2")  # Wednesday
    phone.fill("#id_schedule-0-opens_at", "15:00")
    phone.fill("#id_schedule-0-closes_at", "17:00")
    phone.fill("#id_note", "Neu ab Januar mittwochs")
    phone.click("text=Änderungen zur Prüfung senden")
    phone.wait_for_selector("h2:has-text('Wartet auf Prüfung')")
    assert "zur Prüfung geschickt" in phone.content()
    check(phone, "offer-proposed")
    revision = Revision.objects.get(state=Revision.State.PENDING)
    assert revision.proposed["fields"]["name"] == "Sprachcafé am Markt"
    caritas_offer.refresh_from_db()
    assert caritas_offer.name == "Sprachcafé"

    # Propose a new offer.
    phone.goto(f"{base}/de/partner/")
    phone.click("text=Neues Angebot vorschlagen")
    check(phone, "offer-new")
    phone.fill("#id_name", "Nähcafé")
    phone.fill("#id_short_description", "Gemeinsam nähen und Deutsch sprechen")
    phone.check("#offer-form input[name=fields_of_action] >> nth=0")
    phone.check("#offer-form input[name=target_groups] >> nth=0")
    phone.check("#id_serves_whole_district")
    phone.click("text=An die Koordinierungsstelle senden")
    phone.wait_for_selector("h1:has-text('Ihre Angebote')")
    assert Offer.objects.get(name="Nähcafé").state == Offer.State.IN_REVIEW

    # The reviewer rejects the change with a comment; the partner reads it.
    revision_reject(actor=reviewer, revision=revision, reason="Bitte den Ort der neuen Zeit angeben.")
    phone.reload()
    assert "Bitte den Ort der neuen Zeit angeben." in phone.content()
    check(phone, "home-decided")
    phone.goto(f"{base}/en/partner/")
    assert "Your offers" in phone.content()
    check(phone, "home-english")
    phone.goto(f"{base}/de/partner/traeger/{caritas.pk}/personen/")
    check(phone, "colleagues")
    phone.goto(f"{base}/de/partner/angebote/{caritas_offer.pk}/beendet/")
    check(phone, "offer-end")
    check.assert_clean()
