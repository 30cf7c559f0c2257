"""The plans fixtures (``plan``, ``programme``) for these tests."""

from wegweiser.plans.tests.fixtures import plan, programme  # noqa: F401
