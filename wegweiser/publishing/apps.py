from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """The catalog as a document: editions (frozen snapshots with their PDF), what changed between
    editions, recipient lists and the dispatch of editions by e-mail."""

    name = "wegweiser.publishing"
    label = "publishing"
    verbose_name = _("Catalog editions")
