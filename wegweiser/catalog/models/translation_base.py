"""Content translations are rows per language, German being the source on the entity itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import Language, TimeStampedModel


class TranslationBase(TimeStampedModel):
    """Abstract base of ``<Entity>Translation`` tables. Subclasses add ``master`` (the
    translated entity, ``related_name="translations"``) and the translated text fields; an
    empty field falls back to the German source."""

    language = models.ForeignKey(
        Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )

    # Names of the translated text fields; set by subclasses.
    translated_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.language_id}"
