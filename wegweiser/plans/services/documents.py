"""Planning documents: create, change, adopt, and the Fortschreibung (a new version)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.access.permissions import PLAN_ADD, PLAN_CHANGE
from wegweiser.access.policy import require
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import create_audited, delete_audited, unique_slug, update_audited
from wegweiser.core.versioning import version_raise
from wegweiser.districts.models import District
from wegweiser.plans.models import (
    DocumentAttachment,
    Goal,
    Measure,
    MeasureFunding,
    MeasureIndicator,
    PlanningDocument,
)
from wegweiser.plans.services.common import period_check, require_document_change

FIELDS = frozenset(
    {
        "kind",
        "title",
        "slug",
        "adopted_by",
        "decision_number",
        "decision_date",
        "period_start",
        "period_end",
        "summary",
        "is_demo",
    }
)


def _refuse_unknown(data: Mapping[str, Any]) -> None:
    unknown = set(data) - FIELDS
    if unknown:
        raise ValueError(f"Unknown planning document fields: {sorted(unknown)}")


@transaction.atomic
def document_create(*, actor: Any, district: District, data: Mapping[str, Any]) -> PlanningDocument:
    """A new document (a draft unless ``status`` is set by ``document_adopt`` later)."""
    require(actor=actor, permission=PLAN_ADD, district=district)
    _refuse_unknown(data)
    values = dict(data)
    period_check(values.get("period_start"), values.get("period_end"))
    if not values.get("slug"):
        values["slug"] = unique_slug(
            PlanningDocument.objects.filter(district=district), values.get("title", "")
        )
    document = PlanningDocument(district=district, **values)
    return create_audited(actor=actor, instance=document)


@transaction.atomic
def document_update(
    *, actor: Any, document: PlanningDocument, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require_document_change(actor=actor, document=document)
    _refuse_unknown(data)
    period_check(data.get("period_start", document.period_start), data.get("period_end", document.period_end))
    return update_audited(
        actor=actor, instance=document, data=data, fields=FIELDS, expected_version=expected_version
    )


@transaction.atomic
def document_adopt(
    *,
    actor: Any,
    document: PlanningDocument,
    decision_number: str | None = None,
    decision_date: Any = None,
) -> PlanningDocument:
    """Record the decision: the document becomes adopted and the version it replaces superseded."""
    require_document_change(actor=actor, document=document)
    if document.status != PlanningDocument.Status.DRAFT:
        raise ValidationError(_("Only a draft can be adopted."))
    data: dict[str, Any] = {}
    if decision_number is not None:
        data["decision_number"] = decision_number
    if decision_date is not None:
        data["decision_date"] = decision_date
    update_audited(actor=actor, instance=document, data=data, fields=FIELDS)
    _set_status(actor=actor, document=document, status=PlanningDocument.Status.ADOPTED)
    previous = document.previous
    if previous is not None and previous.status != PlanningDocument.Status.SUPERSEDED:
        require(actor=actor, permission=PLAN_CHANGE, obj=previous)
        _set_status(actor=actor, document=previous, status=PlanningDocument.Status.SUPERSEDED)
    return document


def _set_status(*, actor: Any, document: PlanningDocument, status: str) -> None:
    old = document.get_status_display()
    PlanningDocument.objects.filter(pk=document.pk).update(status=status)
    document.status = status
    audit_record(
        actor=actor,
        action=AuditEntry.Action.STATE,
        instance=document,
        changes={str(_("status")): [str(old), str(document.get_status_display())]},
        summary=_("Status: %(status)s") % {"status": document.get_status_display()},
        version=version_raise(document),
    )


@transaction.atomic
def document_update_version(
    *, actor: Any, document: PlanningDocument, data: Mapping[str, Any] | None = None
) -> PlanningDocument:
    """The Fortschreibung: a new draft version of ``document`` (which must be the newest version)
    with copies of its goals, measures (target groups, municipalities, offers), indicators and
    funding, each keeping its ``lineage``. Status reports and entered indicator values stay with
    the old version (the comparison and the monitoring find them by lineage). When the new version
    is adopted (``document_adopt``), the old one becomes superseded."""
    require(actor=actor, permission=PLAN_ADD, obj=document)
    require_document_change(actor=actor, document=document)
    if document.updates.exists():
        raise ValidationError(_("This version has already been updated; update the newest version."))
    values = dict(data or {})
    _refuse_unknown(values)
    version = document.version + 1
    fields = {
        name: getattr(document, name)
        for name in ("kind", "title", "adopted_by", "period_start", "period_end", "summary", "is_demo")
    }
    fields |= {"decision_number": "", "decision_date": None} | values
    if not fields.get("slug"):
        fields["slug"] = unique_slug(
            PlanningDocument.objects.filter(district=document.district_id), f"{document.slug}-v{version}"
        )
    new = create_audited(
        actor=actor,
        instance=PlanningDocument(
            district_id=document.district_id, previous=document, version=version, **fields
        ),
        summary=_("Update (version %(version)s) of %(document)s")
        % {"version": version, "document": document},
    )
    for goal in document.goals.all().prefetch_related(
        "measures__target_groups",
        "measures__municipalities",
        "measures__offers",
        "measures__indicators",
        "measures__funding",
    ):
        new_goal = Goal.objects.create(
            document=new,
            field_of_action_id=goal.field_of_action_id,
            title=goal.title,
            description=goal.description,
            position=goal.position,
            lineage=goal.lineage,
        )
        for measure in goal.measures.all():
            copy = Measure.objects.create(
                goal=new_goal,
                lineage=measure.lineage,
                title=measure.title,
                description=measure.description,
                responsible_organisation_id=measure.responsible_organisation_id,
                responsible_person=measure.responsible_person,
                period_start=measure.period_start,
                period_end=measure.period_end,
                status=measure.status,
                position=measure.position,
            )
            copy.target_groups.set(measure.target_groups.all())
            copy.municipalities.set(measure.municipalities.all())
            copy.offers.set(measure.offers.all())
            MeasureIndicator.objects.bulk_create(
                MeasureIndicator(
                    measure=copy,
                    lineage=i.lineage,
                    name=i.name,
                    unit=i.unit,
                    source=i.source,
                    planning_indicator_id=i.planning_indicator_id,
                    catalog_filter=i.catalog_filter,
                    baseline_value=i.baseline_value,
                    baseline_date=i.baseline_date,
                    target_value=i.target_value,
                    target_date=i.target_date,
                )
                for i in measure.indicators.all()
            )
            MeasureFunding.objects.bulk_create(
                MeasureFunding(
                    measure=copy,
                    programme_id=f.programme_id,
                    year=f.year,
                    amount=f.amount,
                    own_share=f.own_share,
                )
                for f in measure.funding.all()
            )
    return new


@transaction.atomic
def document_attachment_add(
    *, actor: Any, document: PlanningDocument, title: str, file: Any
) -> DocumentAttachment:
    require_document_change(actor=actor, document=document)
    attachment = DocumentAttachment(document=document, title=title, file=file)
    return create_audited(actor=actor, instance=attachment, target=document, summary=title)


@transaction.atomic
def document_attachment_delete(*, actor: Any, attachment: DocumentAttachment) -> None:
    require_document_change(actor=actor, document=attachment.document)
    delete_audited(actor=actor, instance=attachment, target=attachment.document)
