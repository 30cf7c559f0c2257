"""Reads of the publishing domain."""

from django.db.models import QuerySet

from wegweiser.districts.models import District
from wegweiser.publishing.models import Edition, EditionDocument


def editions_released(*, district: District) -> QuerySet[Edition]:
    """Released editions of ``district``, newest first, with their PDF's size and pages."""
    return (
        Edition.objects.filter(district=district, state=Edition.State.RELEASED)
        .select_related("language", "document")
        .defer("snapshot", "changes", "document__pdf")
        .order_by("-released_at", "-number")
    )


def edition_released_document(*, district: District, number: int, language: str) -> EditionDocument | None:
    return (
        EditionDocument.objects.filter(
            edition__district=district,
            edition__number=number,
            edition__language_id=language,
            edition__state=Edition.State.RELEASED,
        )
        .select_related("edition__district")
        .first()
    )
