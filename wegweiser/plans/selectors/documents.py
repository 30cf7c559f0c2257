"""Planning documents: the list, one document, its chain of versions."""

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from wegweiser.access.permissions import PLAN_VIEW
from wegweiser.access.policy import scope
from wegweiser.plans.models import PlanningDocument


def documents_list(*, actor: Any, district: Any) -> QuerySet[PlanningDocument]:
    """The district's documents the actor may read, newest decision first, with goal counts."""
    queryset = PlanningDocument.objects.filter(district=district).annotate(goal_count=Count("goals"))
    return scope(actor=actor, queryset=queryset, permission=PLAN_VIEW).select_related("previous")


def document_get(*, actor: Any, district: Any, pk: Any) -> PlanningDocument:
    """One document of ``district`` the actor may read; 404 otherwise (also for another district's)."""
    queryset = scope(
        actor=actor, queryset=PlanningDocument.objects.filter(district=district), permission=PLAN_VIEW
    )
    try:
        return queryset.select_related("district", "previous").get(pk=pk)
    except (PlanningDocument.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def document_versions(*, document: PlanningDocument) -> list[PlanningDocument]:
    """All versions of the document's chain, oldest first (follows ``previous`` back and
    ``updates`` forward; a chain is short, a query per step is fine)."""
    first = document
    seen = {first.pk}
    while first.previous_id is not None and first.previous_id not in seen:
        first = PlanningDocument.objects.get(pk=first.previous_id)
        seen.add(first.pk)
    chain = [first]
    current = first
    while True:
        following = (
            PlanningDocument.objects.filter(previous=current).order_by("version", "created_at").first()
        )
        if following is None or following.pk in {d.pk for d in chain}:
            break
        chain.append(following)
        current = following
    return chain
