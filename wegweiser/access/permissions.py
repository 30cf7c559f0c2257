"""Every permission string the code checks, in one place ("app_label.codename" as Django
spells them). Services, the admin and the API use these constants, never hand-written strings."""

from django.db import models

OFFER_VIEW = "catalog.view_offer"
OFFER_ADD = "catalog.add_offer"
OFFER_CHANGE = "catalog.change_offer"
OFFER_PUBLISH = "catalog.publish_offer"
OFFER_CONFIRM = "catalog.confirm_offer"
# Translations of offers (machine, reviewed, XLIFF) and the district's machine translation budget.
OFFER_TRANSLATION_VIEW = "catalog.view_offertranslation"
OFFER_TRANSLATION_CHANGE = "catalog.change_offertranslation"
TRANSLATION_BUDGET_CHANGE = "translations.change_translationbudget"

EDITION_VIEW = "publishing.view_edition"
EDITION_ADD = "publishing.add_edition"
EDITION_CHANGE = "publishing.change_edition"
EDITION_RELEASE = "publishing.release_edition"
EDITION_SEND = "publishing.send_edition"

RECIPIENT_LIST_VIEW = "publishing.view_recipientlist"
RECIPIENT_LIST_ADD = "publishing.add_recipientlist"
RECIPIENT_LIST_CHANGE = "publishing.change_recipientlist"

DISTRICT_VIEW = "districts.view_district"
DISTRICT_ADD = "districts.add_district"
DISTRICT_CHANGE = "districts.change_district"
MUNICIPALITY_ADD = "districts.add_municipality"
MUNICIPALITY_CHANGE = "districts.change_municipality"

AUDIT_VIEW = "core.view_auditentry"

# The planning workspace (/planung/): reading indicators and the supply against need.
PLANNING_VIEW = "planning.view_indicator"

IMPORT_RUN_DELETE = "hsds.delete_importrun"

MEMBERSHIP_VIEW = "access.view_membership"
MEMBERSHIP_ADD = "access.add_membership"
MEMBERSHIP_CHANGE = "access.change_membership"
MEMBERSHIP_DELETE = "access.delete_membership"


def model_permission(model: type[models.Model] | models.Model, action: str) -> str:
    """Django's permission for ``action`` (view, add, change, delete) on ``model``."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


SYNONYM_VIEW = "search.view_synonym"
SYNONYM_ADD = "search.add_synonym"
SYNONYM_CHANGE = "search.change_synonym"
SYNONYM_DELETE = "search.delete_synonym"

OFFER_REPORT_VIEW = "feedback.view_offerreport"
OFFER_REPORT_CHANGE = "feedback.change_offerreport"
MISSED_SEARCH_VIEW = "feedback.view_missedsearch"
INDICATOR_VIEW = "planning.view_indicator"
INDICATOR_ADD = "planning.add_indicator"
INDICATOR_CHANGE = "planning.change_indicator"
INDICATOR_DELETE = "planning.delete_indicator"
INDICATOR_IMPORT = "planning.add_indicatorvalue"
NATIONALITY_GROUP_VIEW = "planning.view_nationalitygroup"
NATIONALITY_GROUP_CHANGE = "planning.change_nationalitygroup"
NATIONALITY_GROUP_ADD = "planning.add_nationalitygroup"
NATIONALITY_GROUP_DELETE = "planning.delete_nationalitygroup"

# Committee reports: reviewers keep the templates; planners and reviewers build and download reports.
REPORT_TEMPLATE_VIEW = "reports.view_reporttemplate"
REPORT_TEMPLATE_ADD = "reports.add_reporttemplate"
REPORT_TEMPLATE_CHANGE = "reports.change_reporttemplate"
REPORT_VIEW = "reports.view_report"
REPORT_BUILD = "reports.add_report"
# Plans, measures and funding (``wegweiser.plans``): reviewers keep them; editors and planners read.
PLAN_VIEW = "plans.view_planningdocument"
PLAN_ADD = "plans.add_planningdocument"
PLAN_CHANGE = "plans.change_planningdocument"
PLAN_DELETE = "plans.delete_planningdocument"
FUNDING_PROGRAMME_VIEW = "catalog.view_fundingprogramme"
FUNDING_PROGRAMME_CHANGE = "catalog.change_fundingprogramme"

# Council work: the council information system (OParl import) and links to its papers.
OPARL_SOURCE_VIEW = "council.view_oparlsource"
OPARL_SOURCE_ADD = "council.add_oparlsource"
OPARL_SOURCE_CHANGE = "council.change_oparlsource"
COUNCIL_VIEW = "council.view_paper"
PAPER_LINK_ADD = "council.add_paperlink"
PAPER_LINK_DELETE = "council.delete_paperlink"
INQUIRY_VIEW = "council.view_inquiry"
INQUIRY_ADD = "council.add_inquiry"
INQUIRY_CHANGE = "council.change_inquiry"
# Network, bodies, meetings and persons (``wegweiser.network``): reviewers keep them; editors and
# planners read them (the persons' data is personal: read access within the district is logged).
BODY_VIEW = "network.view_body"
BODY_ADD = "network.add_body"
BODY_CHANGE = "network.change_body"
BODY_DELETE = "network.delete_body"
MEETING_VIEW = "network.view_meeting"
MEETING_ADD = "network.add_meeting"
MEETING_CHANGE = "network.change_meeting"
MEETING_DELETE = "network.delete_meeting"
PERSON_VIEW = "network.view_person"
PERSON_ADD = "network.add_person"
PERSON_CHANGE = "network.change_person"
PERSON_DELETE = "network.delete_person"
# Persons under the GDPR: the review list, the Art. 15 export, anonymisation and deletion are the
# office's (PERSON_CHANGE / PERSON_DELETE); the log of accesses to persons' data is read by reviewers.
PERSON_ACCESS_VIEW = "network.view_personaccess"
