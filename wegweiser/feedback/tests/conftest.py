from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from wegweiser.publishing.tests.test_distribution import Mailbox, smtp  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """The rate limit counts in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mailbox(smtp: Mailbox) -> Mailbox:  # noqa: F811
    return smtp


__all__: list[Any] = []
