from typing import Any

import pytest

from wegweiser.demo.services import demo_district_load


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-tests"}
    }
    from django.core.cache import cache

    cache.clear()
    demo_district_load()
