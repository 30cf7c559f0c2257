"""``/healthz`` for load balancers, container engines and monitoring: no login, no session,
never cached."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wegweiser.operations.health import OK, health_checks


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = health_checks()
    healthy = all(value == OK for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
