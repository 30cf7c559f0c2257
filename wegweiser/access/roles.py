"""The roles of the coordinating office and the permissions each grants in its district.
A user's permissions come only from their memberships (``access.backends.MembershipBackend``);
Django groups and per-user permissions are not used."""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

EDITOR, REVIEWER, PLANNER = "editor", "reviewer", "planner"

ROLE_LABELS = {EDITOR: _("Editing"), REVIEWER: _("Review"), PLANNER: _("Planning")}

ROLE_DESCRIPTIONS = {
    EDITOR: _(
        "Maintains offers, providers and locations; submits offers for review; prepares and "
        "builds catalog editions."
    ),
    REVIEWER: _(
        "Everything editors do, plus publishing, archiving, the vocabularies, releasing catalog "
        "editions and sending them."
    ),
    PLANNER: _(
        "Reads everything, changes nothing; builds committee reports (figures frozen, nothing changed)."
    ),
}

_CONTENT = [
    "catalog.offer",
    "catalog.offertranslation",
    "catalog.organisation",
    "catalog.organisationtranslation",
    "catalog.organisationidentifier",
    "catalog.location",
    "catalog.locationtranslation",
    "catalog.offerlocation",
    "catalog.schedule",
    "catalog.scheduletranslation",
    "catalog.contact",
    "catalog.phone",
]
_VOCABULARIES = [
    "catalog.taxonomy",
    "catalog.taxonomyterm",
    "catalog.taxonomytermtranslation",
    "catalog.fundingprogramme",
]
_READ_ONLY = [
    "districts.municipality",
    "districts.district",
    "core.language",
    "core.auditentry",
    "translations.translationbudget",
    "translations.translationusage",
]
_EDITION = ["publishing.edition"]
_DISTRIBUTION = ["publishing.recipientlist", "publishing.recipient"]
_LOG = ["publishing.dispatch", "publishing.delivery"]
# What visitors tell the office and what the search learns from it (feedback app, synonyms).
_SYNONYMS = ["search.synonym"]
_REPORTS = ["feedback.offerreport"]
_MISSED = ["feedback.missedsearch"]
# The confirmation cycle's requests and e-mails (written by the runs and the links only).
_CONFIRMATIONS = ["freshness.confirmationrequest", "freshness.confirmationmail"]
# Partner accounts: editors and reviewers invite people of providers and remove their access.
_PARTNERS = ["partners.invitation", "partners.partneraccess"]
# Planning: reviewers keep the indicators, their values and the language table; planners read them.
_PLANNING = [
    "planning.indicator",
    "planning.indicatorvalue",
    "planning.indicatorimport",
    "planning.nationalitygroup",
]
# Committee reports: reviewers write the templates, planners read them; both build reports
# (a build only freezes figures, it changes nothing) and download them. Editors see neither.
_REPORT_TEMPLATES = ["reports.reporttemplate"]
_REPORTS_BUILT = ["reports.report"]
# Plans, goals, measures and their funding: reviewers keep them; editors and planners read them.
_PLANS = [
    "plans.planningdocument",
    "plans.documentattachment",
    "plans.goal",
    "plans.measure",
    "plans.measurestatusreport",
    "plans.measureindicator",
    "plans.measureindicatorvalue",
    "plans.measurefunding",
    "plans.programmebudget",
    "plans.programmedeadline",
    "plans.offerfunding",
]
# Council work: what the council information system publishes (imported, read by every role);
# reviewers keep the OParl source and link planning documents to papers.
_COUNCIL_MIRROR = [
    "council.councilbody",
    "council.committee",
    "council.paper",
    "council.councilmeeting",
    "council.agendaitem",
]
_COUNCIL_KEPT = ["council.oparlsource", "council.paperlink"]
# Council questions: editors and reviewers draft and send answers; planners read them.
_INQUIRIES = ["council.inquiry"]
# The network, its bodies, meetings and the persons in them: reviewers keep them (the office
# of the integration management); editors and planners read them.
_NETWORK = [
    "network.person",
    "network.body",
    "network.bodymember",
    "network.membercall",
    "network.memberapplication",
    "network.meeting",
    "network.agendaitem",
    "network.agendadocument",
    "network.attendance",
    "network.resolution",
    "network.invitation",
]
# The log of staff access to persons' data: reviewers (the office, responsible under the GDPR) read it.
_PERSON_ACCESS = ["network.personaccess"]


def _perms(actions: list[str], models: list[str]) -> set[str]:
    result = set()
    for label in models:
        app, model = label.split(".")
        result |= {f"{app}.{action}_{model}" for action in actions}
    return result


_VISITORS = (
    _perms(["view", "add", "change", "delete"], _SYNONYMS)
    | _perms(["view", "change"], _REPORTS)
    | _perms(["view"], _MISSED)
)


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    EDITOR: frozenset(
        _perms(["view", "add", "change"], _CONTENT)
        | _perms(["delete"], _CONTENT[1:])
        | _perms(["view"], _VOCABULARIES + _READ_ONLY)
        | {"catalog.confirm_offer"}
        | _perms(["view", "add", "change"], _EDITION)
        | _perms(["view"], _DISTRIBUTION + _LOG + _CONFIRMATIONS)
        | _VISITORS
        | _perms(["view", "add", "change", "delete"], _PARTNERS)
        | _perms(["view"], _PLANS + _COUNCIL_MIRROR + _COUNCIL_KEPT + _NETWORK)
        | _perms(["view", "add", "change"], _INQUIRIES)
    ),
    REVIEWER: frozenset(
        _perms(["view", "add", "change"], _CONTENT + _VOCABULARIES)
        | _perms(["delete"], _CONTENT[1:])
        | _perms(["view"], _READ_ONLY)
        | {"catalog.confirm_offer", "catalog.publish_offer"}
        | {"districts.change_district"}  # the district's settings (contact, languages, confirmation period)
        | _perms(["add", "change"], ["translations.translationbudget"])  # machine translation per month
        | _perms(["view", "add", "change"], _EDITION + _DISTRIBUTION)
        | _perms(["delete"], ["publishing.recipient"])
        | _perms(["view"], _LOG + _CONFIRMATIONS)
        | {"publishing.release_edition", "publishing.send_edition"}
        | _VISITORS
        | _perms(["view", "add", "change", "delete"], _PARTNERS)
        | _perms(["view"], _COUNCIL_MIRROR)
        | _perms(["view", "add", "change", "delete"], _COUNCIL_KEPT)
        | _perms(["view", "add", "change"], _INQUIRIES)
        | _perms(["view", "add", "change"], _REPORT_TEMPLATES)
        | _perms(["view", "add"], _REPORTS_BUILT)
        | _perms(["view", "add", "change", "delete"], _PLANNING + _PLANS + _NETWORK)
        | _perms(["view"], _PERSON_ACCESS)
    ),
    PLANNER: frozenset(
        _perms(
            ["view"],
            _CONTENT
            + _VOCABULARIES
            + _READ_ONLY
            + _EDITION
            + _DISTRIBUTION
            + _LOG
            + _CONFIRMATIONS
            + _PARTNERS
            + _PLANNING
            + _PLANS
            + _COUNCIL_MIRROR
            + _COUNCIL_KEPT
            + _INQUIRIES
            + _NETWORK,
        )
        | _perms(["view"], _SYNONYMS + _REPORTS + _MISSED)
        | _perms(["view"], _REPORT_TEMPLATES)
        | _perms(["view", "add"], _REPORTS_BUILT)
    ),
}


def roles_check() -> dict[str, int]:
    """Check that every permission a role grants exists in the database (after migrations);
    returns the number of permissions per role. Raises RuntimeError naming unknown ones."""
    known = set()
    for app, codename in Permission.objects.values_list("content_type__app_label", "codename"):
        known.add(f"{app}.{codename}")
    counts = {}
    for role, permissions in ROLE_PERMISSIONS.items():
        missing = permissions - known
        if missing:
            raise RuntimeError(f"Unknown permissions for {role}: {sorted(missing)}")
        counts[role] = len(permissions)
    return counts


def role_permission_filter(role: str) -> Q:
    """A filter for the ``Permission`` rows a role grants (for listing them)."""
    q = Q(pk__in=[])
    for permission in ROLE_PERMISSIONS[role]:
        app, codename = permission.split(".")
        q |= Q(content_type__app_label=app, codename=codename)
    return q
