"""Reading districts."""

from django.db.models import Q, QuerySet

from wegweiser.core.models import Language
from wegweiser.districts.models import District


def district_for_host(*, host: str) -> District | None:
    """The district served under ``host``, else the default one, else the only one."""
    hostname = host.split(":")[0].lower()
    districts = list(District.objects.filter(hostname__in=[hostname, ""]).order_by("-is_default"))
    for district in districts:
        if district.hostname and district.hostname.lower() == hostname:
            return district
    defaults = [d for d in districts if d.is_default]
    if defaults:
        return defaults[0]
    return District.objects.order_by("created_at").first()


def district_content_languages(*, district: District) -> QuerySet[Language]:
    """German first, then the languages the district translates its catalog into."""
    codes = district.languages.values("code")
    return Language.objects.filter(Q(code="de") | Q(code__in=codes))
