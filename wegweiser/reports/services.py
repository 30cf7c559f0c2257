"""Writes of committee reports: keeping templates (reviewers) and building reports (planners and
reviewers). A build freezes every block's figures in the report's snapshot; the DOCX and the PDF
are rendered from it (``rendering``) whenever they are downloaded."""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.access.permissions import REPORT_BUILD, REPORT_TEMPLATE_ADD, REPORT_TEMPLATE_CHANGE
from wegweiser.access.policy import require
from wegweiser.core.services import create_audited, slug_base, update_audited
from wegweiser.districts.models import District
from wegweiser.reports.blocks import body_check
from wegweiser.reports.models import Report, ReportTemplate
from wegweiser.reports.snapshot import Resolver, snapshot_build

FIELDS = frozenset({"slug", "title", "audience", "body", "is_demo"})


def _check(district: District, data: Mapping[str, Any]) -> None:
    errors: dict[str, Any] = {}
    try:
        body_check(data.get("body", ""), resolver=Resolver(district))
    except ValidationError as error:
        errors["body"] = error.messages
    if not (data.get("title") or "").strip():
        errors["title"] = [_("Give the report a title.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_template_create(*, actor: Any, district: District, data: Mapping[str, Any]) -> ReportTemplate:
    """A new template after checking its text: every block and parameter must exist and every
    value must name something in ``district``."""
    require(actor=actor, permission=REPORT_TEMPLATE_ADD, district=district)
    unknown = set(data) - FIELDS
    if unknown:
        raise ValueError(f"Unknown report template fields: {sorted(unknown)}")
    _check(district, data)
    values = dict(data)
    values["slug"] = values.get("slug") or slug_base(values["title"], 100)
    template = ReportTemplate(district=district, **values)
    return create_audited(actor=actor, instance=template, summary=_("Report template created"))


@transaction.atomic
def report_template_update(
    *, actor: Any, template: ReportTemplate, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require(actor=actor, permission=REPORT_TEMPLATE_CHANGE, obj=template)
    merged = {"title": template.title, "body": template.body} | dict(data)
    _check(template.district, merged)
    return update_audited(
        actor=actor, instance=template, data=data, fields=FIELDS, expected_version=expected_version
    )


@transaction.atomic
def report_build(
    *, actor: Any, template: ReportTemplate, png: Callable[[str], bytes] | None = None
) -> Report:
    """Freeze the template's blocks as they are now into a new report (audited). The template is
    checked again first: a programme or municipality it names may have gone since it was saved."""
    require(actor=actor, permission=REPORT_BUILD, obj=template)
    body_check(template.body, resolver=Resolver(template.district))
    snapshot = snapshot_build(template=template, actor=actor, png=png)
    report = Report(
        template=template,
        district=template.district,
        title=template.title,
        created_by=actor if getattr(actor, "pk", None) else None,
        data_date=timezone.localdate(),
        snapshot=snapshot,
        body=template.body,
        is_demo=template.is_demo,
    )
    return create_audited(actor=actor, instance=report, summary=_("Report built"))
