from wegweiser.partners.tests.conftest import *  # noqa: F403  (the partner fixtures)
