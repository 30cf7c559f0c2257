"""A bounded Schemathesis run over the API (Django's WSGI app, the demo district): every operation
with positive and negative examples finds no server error, no undocumented status code or
content type, and (positive examples) no response outside the documented schema."""

from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from wegweiser.api.tests.test_endpoints import API

# Examples per operation and generation mode (derandomised, so every run sends the same requests).
EXAMPLES = 8


@pytest.fixture
def wsgi_app() -> Any:
    """Django's WSGI application, keeping the test's database connection open between requests
    (as Django's test client does; on PostgreSQL it would otherwise be closed inside the test)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize(
    "mode",
    [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    ids=["positive", "negative"],
)
def test_schemathesis_finds_no_server_error_and_nothing_undocumented(
    demo: None, wsgi_app: Any, mode: Any
) -> None:
    schema = schemathesis.openapi.from_wsgi(API + "/openapi.json", wsgi_app)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance]
    if mode == schemathesis.GenerationMode.POSITIVE:
        checks.append(response_schema_conformance)
    failures: list[str] = []
    calls: dict[str, int] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 11
    for operation in operations:

        @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis.settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
            suppress_health_check=list(hypothesis.HealthCheck),
        )
        def run(case: Any) -> None:
            calls[case.operation.label] = calls.get(case.operation.label, 0) + 1
            case.call_and_validate(checks=checks)

        try:
            run()
        except Exception as error:  # every operation's failures are reported together
            failures.append(f"{operation.label}: {error}"[:3000])
    assert failures == []
    assert set(calls) == {operation.label for operation in operations}
