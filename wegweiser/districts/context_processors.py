from typing import Any

from django.http import HttpRequest


def district(request: HttpRequest) -> dict[str, Any]:
    """The current district and whether its data is demo data, for every template."""
    current = getattr(request, "district", None)
    return {"district": current, "is_demo": bool(current and current.is_demo)}
