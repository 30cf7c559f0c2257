"""The back office's permission matrix with two districts: every URL of the admin × every role,
and the key POSTs. Staff of another district get 404 for this district's ids."""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegweiser.access.models import Membership
from wegweiser.backoffice.admin.base import DistrictScopedAdmin, ScopedChoicesMixin
from wegweiser.catalog.models import FundingProgramme, Offer, Taxonomy, TaxonomyTerm
from wegweiser.catalog.tests.factories import DistrictFactory, LocationFactory, OrganisationFactory
from wegweiser.core.models import AuditEntry
from wegweiser.core.tenancy import DISTRICT_PATHS, SHARED_MODELS
from wegweiser.core.testing.matrix import ROLES, Entry, url_names
from wegweiser.council.models import Committee, CouncilMeeting, Paper
from wegweiser.council.services.inquiries import inquiry_create
from wegweiser.council.services.oparl import oparl_source_create, paper_link_create
from wegweiser.districts.models import District
from wegweiser.feedback.services import missed_search_record, offer_report_submit
from wegweiser.freshness.models import ConfirmationMail, ConfirmationRequest
from wegweiser.hsds.models import ImportRun
from wegweiser.network.services.bodies import body_create, call_create, member_add
from wegweiser.network.services.meetings import meeting_create
from wegweiser.network.services.persons import person_create
from wegweiser.network.services.privacy import person_access_record
from wegweiser.partners.models import Invitation, PartnerAccess
from wegweiser.planning.models import IndicatorImport
from wegweiser.planning.tests.factories import IndicatorFactory, NationalityGroupFactory
from wegweiser.plans.services import document_create, goal_create, measure_create
from wegweiser.publishing.models import Dispatch, Edition, EditionDocument, Recipient, RecipientList
from wegweiser.reports.services import report_template_create
from wegweiser.revisions.services import revision_propose
from wegweiser.search.services import synonym_create

ALL = frozenset({"editor", "reviewer", "planner"})
WRITERS = frozenset({"editor", "reviewer"})
REVIEWERS = frozenset({"reviewer"})
PLANNING = frozenset({"reviewer", "planner"})  # read planning data; only reviewers change it
NOBODY: frozenset[str] = frozenset()
SUPERUSER_ONLY = {"other_reviewer": 403}

# Model admins: url prefix → (who sees the list and objects, who may add, object key, shared?)
MODELS: dict[str, tuple[frozenset[str], frozenset[str], str, bool]] = {
    "catalog_offer": (ALL, WRITERS, "offer", False),
    "catalog_organisation": (ALL, WRITERS, "organisation", False),
    "catalog_location": (ALL, WRITERS, "location", False),
    "catalog_fundingprogramme": (ALL, REVIEWERS, "programme", False),
    "catalog_taxonomy": (ALL, REVIEWERS, "taxonomy", True),
    "catalog_taxonomyterm": (ALL, REVIEWERS, "term", True),
    "districts_district": (ALL, NOBODY, "district", False),
    "districts_municipality": (ALL, NOBODY, "municipality", False),
    "core_language": (ALL, NOBODY, "language", True),
    "core_auditentry": (ALL, NOBODY, "audit", False),
    "publishing_edition": (ALL, WRITERS, "edition", False),
    "publishing_recipientlist": (ALL, REVIEWERS, "recipients", False),
    "publishing_dispatch": (ALL, NOBODY, "dispatch", False),
    "access_membership": (NOBODY, NOBODY, "membership", False),
    "auth_user": (NOBODY, NOBODY, "user", True),
    "django_tasks_database_dbtaskresult": (NOBODY, NOBODY, "task", True),
    # Proposed changes: everyone reads them (editors their own); decisions have their own URLs.
    "revisions_revision": (ALL, NOBODY, "revision", False),
    # What visitors tell the office: reports (staff change their status), searches without
    # results (read only), and the search's synonym list (editors and reviewers maintain it).
    "feedback_offerreport": (ALL, NOBODY, "report", False),
    "feedback_missedsearch": (ALL, NOBODY, "missed", False),
    "search_synonym": (ALL, WRITERS, "synonym", False),
    # The confirmation cycle: requests and the e-mail log, read-only (the runs write them).
    "freshness_confirmationrequest": (ALL, NOBODY, "confirmation_request", False),
    "freshness_confirmationmail": (ALL, NOBODY, "confirmation_mail", False),
    # Partner accounts: staff who write invite; access comes from accepted invitations only.
    "partners_invitation": (ALL, WRITERS, "invitation", False),
    "partners_partneraccess": (ALL, NOBODY, "partneraccess", False),
    # Login protection (django-axes) and second factors (django-otp): superusers only.
    "axes_accessattempt": (NOBODY, NOBODY, "attempt", True),
    "axes_accesslog": (NOBODY, NOBODY, "accesslog", True),
    "axes_accessfailurelog": (NOBODY, NOBODY, "failurelog", True),
    "otp_totp_totpdevice": (NOBODY, NOBODY, "totp", True),
    "planning_indicator": (PLANNING, REVIEWERS, "indicator", False),
    "planning_nationalitygroup": (PLANNING, REVIEWERS, "nationality_group", False),
    # Committee report templates: reviewers write them, planners read them, editors see nothing.
    "reports_reporttemplate": (PLANNING, REVIEWERS, "report_template", False),
    # Plans and measures: reviewers keep them, editors and planners read them.
    "plans_planningdocument": (ALL, REVIEWERS, "document", False),
    "plans_measure": (ALL, REVIEWERS, "measure", False),
    # Council work: the OParl source and links to papers (reviewers), the imported papers,
    # meetings and committees (read only: the council information system changes them).
    "council_oparlsource": (ALL, REVIEWERS, "oparl_source", False),
    "council_paperlink": (ALL, REVIEWERS, "paper_link", False),
    "council_paper": (ALL, NOBODY, "paper", False),
    "council_councilmeeting": (ALL, NOBODY, "council_meeting", False),
    "council_committee": (ALL, NOBODY, "committee", False),
    "council_inquiry": (ALL, WRITERS, "inquiry", False),
    # The network: reviewers keep bodies, calls, meetings and persons; editors and planners read.
    "network_person": (ALL, REVIEWERS, "person", False),
    "network_body": (ALL, REVIEWERS, "body", False),
    "network_membercall": (ALL, REVIEWERS, "member_call", False),
    "network_meeting": (ALL, REVIEWERS, "meeting", False),
    # The log of staff access to persons' data: reviewers read it, nobody writes it by hand.
    "network_personaccess": (REVIEWERS, NOBODY, "person_access", False),
}
# Entries reviewers delete (through the service; the audit trail keeps the record).
REVIEWERS_DELETE = {"council_paperlink", "planning_indicator", "planning_nationalitygroup"}
# Entries some roles may not even see: their history page answers 404 (as if they did not exist).
HIDDEN_FROM_OTHER_ROLES = {
    "access_membership",
    "planning_indicator",
    "planning_nationalitygroup",
    "reports_reporttemplate",
    "network_personaccess",
}
# What even superusers may not do: add read-only entries, delete what is archived instead.
SUPERUSER_MAY_NOT_ADD = {
    "network_personaccess",
    "council_paper",
    "council_councilmeeting",
    "council_committee",
    "districts_district",
    "districts_municipality",
    "core_language",
    "core_auditentry",
    "publishing_dispatch",
    "django_tasks_database_dbtaskresult",
    "revisions_revision",
    "feedback_offerreport",
    "feedback_missedsearch",
    "freshness_confirmationrequest",
    "freshness_confirmationmail",
    "partners_partneraccess",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}
SUPERUSER_MAY_DELETE = {
    "access_membership",
    "auth_user",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "otp_totp_totpdevice",
}
# Admins that are not district-scoped because only superusers may open them (no role grants
# their permissions): Django's users, the task queue, login protection and second factors.
SUPERUSER_ONLY_ADMINS = {
    "auth.user",
    "django_tasks_database.dbtaskresult",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "otp_totp.totpdevice",
}


def _model_entries() -> dict[str, list[Entry]]:
    table: dict[str, list[Entry]] = {}
    for prefix, (viewers, adders, obj, shared) in MODELS.items():
        bound = not shared
        table[f"{prefix}_changelist"] = [Entry(viewers)]
        table[f"{prefix}_add"] = [
            Entry(adders, status={"superuser": 403} if prefix in SUPERUSER_MAY_NOT_ADD else {})
        ]
        missing = {"superuser": 302} if prefix == "django_tasks_database_dbtaskresult" else {}
        table[f"{prefix}_change"] = [Entry(viewers, obj=obj, district_bound=bound, status=missing)]
        # The history page looks the object up before it checks permissions: what the user
        # cannot see does not exist (404; Django's own admins redirect instead).
        hidden = 302 if missing else 404 if prefix in HIDDEN_FROM_OTHER_ROLES else 403
        table[f"{prefix}_history"] = [
            Entry(viewers, obj=obj, district_bound=bound, denied=hidden, status=missing)
        ]
        delete = 200 if prefix in SUPERUSER_MAY_DELETE else 403
        table[f"{prefix}_delete"] = [
            Entry(REVIEWERS, obj=obj, district_bound=bound)
            if prefix in REVIEWERS_DELETE
            else Entry(NOBODY, obj=obj, district_bound=bound, status={"superuser": delete})
        ]
    # Synonyms are settings, not content that is archived: editors and reviewers delete them.
    table["search_synonym_delete"] = [Entry(WRITERS, obj="synonym")]
    return table


APP_LIST = (
    [
        Entry(ALL, kwargs={"app_label": label}, denied=404)
        for label in (
            "catalog",
            "districts",
            "core",
            "publishing",
            "revisions",
            "feedback",
            "search",
            "freshness",
            "partners",
            "plans",
            "council",
            "network",
        )
    ]
    + [Entry(PLANNING, kwargs={"app_label": label}, denied=404) for label in ("planning", "reports")]
    + [
        Entry(NOBODY, kwargs={"app_label": label}, denied=404)
        for label in ("access", "auth", "django_tasks_database", "axes", "otp_totp")
    ]
)

MATRIX: dict[str, list[Entry]] = _model_entries() | {
    "index": [Entry(ALL)],
    "login": [
        Entry(ALL, ok=302, status={"anonymous": 200, "outsider": 200}),
    ],
    "logout": [Entry(ALL, ok=405, denied=405, status={"outsider": 302})],
    "password_change": [Entry(ALL)],
    "password_change_done": [Entry(ALL)],
    "jsi18n": [Entry(ALL)],
    "autocomplete": [Entry(ALL, query="?app_label=catalog&model_name=offer&field_name=organisation&term=")],
    "view_on_site": [Entry(ALL, obj="offer_type", ok=404, denied=404, district_bound=False)],
    "app_list": APP_LIST,
    "auth_user_password_change": [Entry(NOBODY, obj="user_id", district_bound=False)],
    "catalog_import": [Entry(WRITERS)],
    "catalog_import_run": [Entry(WRITERS, obj="run")],
    "catalog_export": [Entry(ALL, kwargs={"fmt": fmt}) for fmt in ("xlsx", "json", "datapackage")],
    "catalog_template": [Entry(ALL)],
    # Freshness: every role reads its own district's figures (``?district=`` of another → 404,
    # see test_freshness_admin.py).
    "catalog_freshness": [Entry(ALL)],
    "catalog_freshness_overdue": [Entry(ALL)],
    "catalog_freshness_requests": [Entry(ALL)],
    "catalog_offer_confirm_phone": [Entry(WRITERS, obj="offer_pk")],
    # Translations: every role reads the overview, an offer's translations and its XLIFF file;
    # editors and reviewers translate, review and import (see translations/tests/test_views.py).
    "catalog_translation_status": [Entry(ALL)],
    "catalog_translation_import": [Entry(WRITERS)],
    "catalog_offer_translations": [Entry(ALL, obj="offer_pk")],
    "catalog_offer_translation_edit": [Entry(WRITERS, obj="offer_pk", kwargs={"language": "de-ls"})],
    "catalog_offer_xliff": [Entry(ALL, obj="offer_pk", kwargs={"language": "de-ls"})],
    "planning_indicator_import": [Entry(REVIEWERS)],
    "planning_indicator_import_run": [Entry(REVIEWERS, obj="indicator_run")],
    "planning_indicator_template": [Entry(PLANNING, kwargs={"fmt": fmt}) for fmt in ("xlsx", "csv")],
    "publishing_edition_build": [Entry(WRITERS, obj="edition_pk", ok=302)],
    "publishing_edition_release": [Entry(REVIEWERS, obj="edition_pk", ok=302)],
    "publishing_edition_pdf": [Entry(ALL, obj="edition_pk")],
    "publishing_edition_send": [Entry(REVIEWERS, obj="edition_pk")],
    # Deciding answers a GET with the way back to the review page; the decision is a POST.
    "revisions_revision_accept": [Entry(ALL, obj="revision_pk", ok=302)],
    "revisions_revision_reject": [Entry(ALL, obj="revision_pk", ok=302)],
    "revisions_revision_withdraw": [Entry(ALL, obj="revision_pk", ok=302)],
    "otp_totp_totpdevice_config": [Entry(NOBODY, obj="totp_pk", district_bound=False)],
    "otp_totp_totpdevice_qrcode": [Entry(NOBODY, obj="totp_pk", district_bound=False)],
    # Editors and reviewers take a partner's access away (through partners.services).
    "partners_partneraccess_delete": [Entry(WRITERS, obj="partneraccess")],
    # Council inquiries: the deadline list and the answer letter (every role of the district reads).
    "council_inquiry_deadlines": [Entry(ALL)],
    "council_inquiry_letter": [Entry(ALL, obj="inquiry_pk", kwargs={"fmt": fmt}) for fmt in ("docx", "pdf")],
    # Persons under the GDPR (reviewers, the office): the review list, the Art. 15 export and
    # the anonymise-or-delete page; editors and planners read persons but get 403 here.
    "network_person_review": [Entry(REVIEWERS)],
    "network_person_export": [
        Entry(REVIEWERS, obj="person_pk", kwargs={"fmt": fmt}) for fmt in ("json", "pdf")
    ],
    "network_person_erase": [Entry(REVIEWERS, obj="person_pk")],
}


def _world(district: District, make_offer: Callable, suffix: str = "") -> dict[str, Any]:
    organisation = OrganisationFactory(district=district, name=f"Träger {suffix}")
    offer = make_offer(f"Sprachcafé {suffix}", organisation=organisation, district=district)
    edition = Edition.objects.create(
        district=district, number=1, title="Katalog", language_id="de", state=Edition.State.RELEASED
    )
    EditionDocument.objects.create(edition=edition, pdf=b"%PDF-1.7", size=8, pages=1, sha256="0")
    recipients = RecipientList.objects.create(district=district, name=f"Verteiler {suffix}")
    Recipient.objects.create(recipient_list=recipients, name="Frau A", email=f"a{suffix}@example.org")
    return {
        "offer": offer,
        "organisation": organisation,
        "location": LocationFactory(district=district, organisation=organisation, name=f"Ort {suffix}"),
        "programme": FundingProgramme.objects.create(
            district=district, name=f"Programm {suffix}", slug=f"programm-{suffix}", funder="land"
        ),
        "district": district,
        "municipality": district.municipalities.first(),
        "audit": AuditEntry.objects.filter(object_id=str(offer.pk)).first(),
        "edition": edition,
        "recipients": recipients,
        "dispatch": Dispatch.objects.create(
            edition=edition, recipient_list=recipients, mode="link", subject="Katalog", body="{link}"
        ),
        "run": ImportRun.objects.create(district=district, file_name="k.zip", data=b"", state="checked"),
        "membership": Membership.objects.filter(district=district).first(),
        "report": offer_report_submit(offer=offer, message="Falsch", ui_language="de", content_language="de"),
        "missed": missed_search_record(
            district=district, text=f"Suche {suffix}", ui_language="de", content_language="de"
        ),
        "synonym": synonym_create(
            actor=None, data={"district": district, "term": "Kita", "equivalents": "Kindergarten"}
        ),
        **_confirmation(district, offer, organisation),
        "invitation": Invitation.objects.create(
            email=f"einladung{suffix}@example.org",
            organisation=organisation,
            expires_at=timezone.now() + dt.timedelta(days=14),
        ),
        "partneraccess": PartnerAccess.objects.create(
            user=get_user_model().objects.create_user(f"partner{suffix}", email=f"p{suffix}@example.org"),
            organisation=organisation,
        ),
        "indicator": IndicatorFactory(district=district, name=f"Indikator {suffix}"),
        "nationality_group": NationalityGroupFactory(district=district, name=f"Gruppe {suffix}"),
        "report_template": report_template_create(
            actor=None, district=district, data={"title": f"Bericht {suffix}", "body": "{{ anzahl }}"}
        ),
        **_plan(district, offer, suffix),
        **_network(district, organisation, suffix),
        "indicator_run": IndicatorImport.objects.create(
            district=district, file_name="w.csv", format="template", data=b"", state="checked"
        ),
    }


def _plan(district: District, offer: Offer, suffix: str) -> dict[str, Any]:
    document = document_create(
        actor=None, district=district, data={"kind": "strategy", "title": f"Plan {suffix}"}
    )
    goal = goal_create(actor=None, document=document, data={"title": f"Ziel {suffix}"})
    measure = measure_create(actor=None, goal=goal, data={"title": f"Maßnahme {suffix}", "offers": [offer]})
    return {"document": document, "measure": measure, **_council(district, document, suffix)}


def _council(district: District, document: Any, suffix: str) -> dict[str, Any]:
    base = f"https://ris.example.org/{suffix}"
    source = oparl_source_create(actor=None, data={"district": district, "system_url": f"{base}/system"})
    paper = Paper.objects.create(district=district, oparl_id=f"{base}/paper/1", name=f"Vorlage {suffix}")
    meeting = CouncilMeeting.objects.create(
        district=district, oparl_id=f"{base}/meeting/1", name=f"Sitzung {suffix}"
    )
    committee = Committee.objects.create(
        district=district, oparl_id=f"{base}/org/1", name=f"Ausschuss {suffix}"
    )
    link = paper_link_create(actor=None, data={"paper": paper, "document": document})
    return {
        "oparl_source": source,
        "paper": paper,
        "council_meeting": meeting,
        "committee": committee,
        "paper_link": link,
        "inquiry": inquiry_create(
            actor=None,
            data={
                "district": district,
                "asked_by": f"Fraktion {suffix}",
                "received_on": dt.date(2026, 11, 2),
                "deadline": dt.date(2026, 12, 2),
                "subject": f"Anfrage {suffix}",
                "question": "Wie viele?",
                "answer": "Drei.",
            },
        ),
    }


def _network(district: District, organisation: Any, suffix: str) -> dict[str, Any]:
    person = person_create(actor=None, district=district, data={"name": f"Person {suffix}"})
    body = body_create(actor=None, district=district, data={"kind": "network", "name": f"Netzwerk {suffix}"})
    member_add(actor=None, body=body, person=person, organisation=organisation)
    start = timezone.now() + dt.timedelta(days=7)
    meeting = meeting_create(
        actor=None, body=body, data={"starts_at": start, "ends_at": start + dt.timedelta(hours=2)}
    )
    call = call_create(
        actor=None, body=body, data={"title": f"Aufruf {suffix}", "deadline": dt.date(2027, 1, 31)}
    )
    access = person_access_record(actor=None, person=person, action="view")
    return {"person": person, "body": body, "meeting": meeting, "member_call": call, "person_access": access}


def _confirmation(district: District, offer: Offer, organisation: Any) -> dict[str, Any]:
    request = ConfirmationRequest.objects.create(
        district=district, organisation=organisation, offer=offer, due_date=dt.date(2027, 1, 1)
    )
    mail = ConfirmationMail.objects.create(
        district=district, organisation=organisation, kind="request", recipient="a@example.org"
    )
    mail.requests.add(request)
    return {"confirmation_request": request, "confirmation_mail": mail}


@pytest.fixture
def worlds(
    district: District,
    other_district: District,
    make_offer: Callable,
    editor: Any,
    reviewer: Any,
    planner: Any,
    other_reviewer: Any,
) -> tuple[dict[str, Any], dict[str, Any]]:
    mine, theirs = _world(district, make_offer, "A"), _world(other_district, make_offer, "B")
    taxonomy = Taxonomy.objects.first()
    seen = {"user_agent": "Test", "ip_address": "127.0.0.1", "username": "editor", "http_accept": "*/*"}
    mine |= {
        "revision": revision_propose(actor=editor, target=mine["offer"], data={"name": "Erzählcafé"}),
        "attempt": AccessAttempt.objects.create(
            **seen, path_info="/admin/login/", get_data="", post_data="", failures_since_start=1
        ),
        "accesslog": AccessLog.objects.create(**seen, path_info="/admin/login/"),
        "failurelog": AccessFailureLog.objects.create(**seen, path_info="/admin/login/"),
        # of an account none of the roles logs in with: a device obliges its owner to a second factor
        "totp": TOTPDevice.objects.create(user=get_user_model().objects.create_user("phone"), name="Telefon"),
        "taxonomy": taxonomy,
        "term": TaxonomyTerm.objects.first(),
        "language": "de",
        "user": editor,
        "task": uuid.uuid4(),
    }
    return mine, theirs


def _url(name: str, entry: Entry, world: dict[str, Any]) -> str:
    kwargs: dict[str, Any] = dict(entry.kwargs)
    if entry.obj == "offer_type":
        kwargs |= {
            "content_type_id": ContentType.objects.get_for_model(Offer).pk,
            "object_id": world["offer"].pk,
        }
    elif entry.obj == "user_id":
        kwargs["id"] = world["user"].pk
    elif entry.obj in ("edition_pk", "revision_pk", "totp_pk", "offer_pk", "inquiry_pk", "person_pk"):
        kwargs["pk"] = world[entry.obj.removesuffix("_pk")].pk
    elif entry.obj in ("run", "indicator_run"):
        kwargs["pk"] = world[entry.obj].pk
    elif entry.obj:
        value = world[entry.obj]
        kwargs["object_id"] = getattr(value, "pk", value)
    return reverse(f"admin:{name}", kwargs=kwargs) + entry.query


def test_every_back_office_url_is_in_the_matrix() -> None:
    names = {name for name, _route in url_names(admin.site.get_urls())}
    assert names - set(MATRIX) == set(), "add the new URLs to MATRIX"
    assert set(MATRIX) - names == set(), "remove URLs that no longer exist from MATRIX"


def test_every_model_admin_of_district_data_is_scoped() -> None:
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label in DISTRICT_PATHS or label in SHARED_MODELS:
            assert isinstance(model_admin, DistrictScopedAdmin), label
            mro = type(model_admin).__mro__  # the scoped choices must not be shadowed
            assert mro.index(ScopedChoicesMixin) < mro.index(admin.ModelAdmin), label
        else:
            assert label in SUPERUSER_ONLY_ADMINS, f"{label}: scope it or declare it superuser-only"


@pytest.mark.django_db
def test_admins_that_are_not_district_scoped_are_closed_to_every_role(
    editor: Any, reviewer: Any, planner: Any, superuser: Any, rf: Any
) -> None:
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower not in SUPERUSER_ONLY_ADMINS:
            continue
        for user in (editor, reviewer, planner):
            request = rf.get("/admin/")
            request.user = user
            assert not model_admin.has_module_permission(request), (model, user)
            assert not model_admin.has_view_or_change_permission(request), (model, user)
        request = rf.get("/admin/")
        request.user = superuser
        assert model_admin.has_module_permission(request), model


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role: str, worlds: tuple[dict, dict], request: pytest.FixtureRequest) -> None:
    mine, _theirs = worlds
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    wrong = []
    for name, entries in MATRIX.items():
        for entry in entries:
            url = _url(name, entry, mine)
            status = client.get(url).status_code
            if status != entry.expected(role):
                wrong.append(f"{url}: {status}, expected {entry.expected(role)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    ["offer", "organisation", "location", "fundingprogramme", "recipientlist", "dispatch", "auditentry"],
)
def test_lists_show_only_the_own_district(model: str, worlds: tuple[dict, dict], editor: Any) -> None:
    _mine, _theirs = worlds
    app = (
        "publishing"
        if model in ("recipientlist", "dispatch")
        else "core"
        if model == "auditentry"
        else "catalog"
    )
    client = Client()
    client.force_login(editor)
    page = client.get(reverse(f"admin:{app}_{model}_changelist")).content.decode()
    assert "Sprachcafé B" not in page and "Träger B" not in page and "Verteiler B" not in page
    assert "Ort B" not in page and "Programm B" not in page


@pytest.mark.django_db
def test_choices_and_autocomplete_offer_only_the_own_district(worlds: tuple[dict, dict], editor: Any) -> None:
    mine, theirs = worlds
    client = Client()
    client.force_login(editor)
    page = client.get(reverse("admin:catalog_offer_add")).content.decode()
    assert str(mine["district"].pk) in page and str(theirs["district"].pk) not in page
    assert str(theirs["programme"].pk) not in page and str(theirs["municipality"].pk) not in page
    found = client.get(
        reverse("admin:autocomplete") + "?app_label=catalog&model_name=offer&field_name=organisation&term="
    ).json()
    ids = {r["id"] for r in found["results"]}
    assert str(mine["organisation"].pk) in ids and str(theirs["organisation"].pk) not in ids


# Key POSTs against the other district's objects, as its reviewer would send them.
@pytest.mark.django_db
def test_posts_with_another_districts_ids_answer_404_and_change_nothing(
    worlds: tuple[dict, dict], other_reviewer: Any
) -> None:
    mine, _theirs = worlds
    client = Client()
    client.force_login(other_reviewer)
    offer, edition = mine["offer"], mine["edition"]
    posts = [
        reverse("admin:catalog_offer_change", args=[offer.pk]),
        reverse("admin:catalog_organisation_change", args=[mine["organisation"].pk]),
        reverse("admin:publishing_recipientlist_change", args=[mine["recipients"].pk]),
        reverse("admin:publishing_edition_build", args=[edition.pk]),
        reverse("admin:publishing_edition_release", args=[edition.pk]),
        reverse("admin:publishing_edition_send", args=[edition.pk]),
        reverse("admin:catalog_import_run", args=[mine["run"].pk]),
    ]
    for url in posts:
        assert client.post(url, {"name": "Gekapert"}).status_code == 404, url
    client.post(
        reverse("admin:catalog_offer_changelist"), {"action": "archive", "_selected_action": [str(offer.pk)]}
    )
    offer.refresh_from_db()
    assert offer.state == Offer.State.PUBLISHED and offer.name == "Sprachcafé A"
    assert not Dispatch.objects.filter(edition=edition).exclude(pk=mine["dispatch"].pk).exists()


@pytest.mark.django_db
def test_an_editor_cannot_create_an_offer_in_another_district(worlds: tuple[dict, dict], editor: Any) -> None:
    _mine, theirs = worlds
    client = Client()
    client.force_login(editor)
    response = client.post(
        reverse("admin:catalog_offer_add"),
        {"district": theirs["district"].pk, "organisation": theirs["organisation"].pk, "name": "Fremd"},
    )
    assert response.status_code == 200  # the form again, with errors
    assert not Offer.objects.filter(name="Fremd").exists()


@pytest.mark.django_db
def test_a_member_of_two_districts_chooses_where_to_export(
    worlds: tuple[dict, dict], other_editor: Any, other_district: District
) -> None:
    mine, theirs = worlds
    third = DistrictFactory()
    Membership.objects.create(user=other_editor, district=third, role="planner")
    client = Client()  # the host name serves the first district, which is not theirs
    client.force_login(other_editor)
    url = reverse("admin:catalog_export", args=["json"])
    page = client.get(url)
    assert page.status_code == 200 and f"?district={other_district.pk}".encode() in page.content
    assert f"?district={mine['district'].pk}".encode() not in page.content
    chosen = client.get(url + f"?district={other_district.pk}")
    content = b"".join(chosen.streaming_content)  # type: ignore[attr-defined]
    assert str(theirs["offer"].pk).encode() in content and str(mine["offer"].pk).encode() not in content
    assert client.get(url + f"?district={mine['district'].pk}").status_code == 404
    assert client.get(url + f"?district={uuid.uuid4()}").status_code == 404


@pytest.mark.django_db
def test_a_member_of_two_districts_chooses_where_to_import(
    worlds: tuple[dict, dict], other_editor: Any, other_district: District
) -> None:
    mine, _theirs = worlds
    third: Any = DistrictFactory()
    Membership.objects.create(user=other_editor, district=third, role="editor")
    client = Client()
    client.force_login(other_editor)
    url = reverse("admin:catalog_import")
    page = client.get(url).content.decode()
    assert 'name="district"' in page and str(third.pk) in page and str(other_district.pk) in page
    assert str(mine["district"].pk) not in page
    upload = SimpleUploadedFile("k.json", b"{}", content_type="application/json")
    assert client.post(url, {"district": mine["district"].pk, "file": upload}).status_code == 404
    assert not ImportRun.objects.filter(actor=other_editor).exists()
