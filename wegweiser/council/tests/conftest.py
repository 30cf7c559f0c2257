from collections.abc import Iterator

import pytest

from wegweiser.council.tests.oparl_server import OParlServer


@pytest.fixture
def oparl_server() -> Iterator[OParlServer]:
    """A local OParl 1.1 server with the fixture data (never the internet)."""
    with OParlServer() as server:
        yield server
