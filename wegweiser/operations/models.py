"""What the operation of an instance keeps in the database: the heartbeats of its processes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel


class Heartbeat(UUIDModel):
    """The last sign of life of a background process ("worker", "scheduler")."""

    name = models.CharField(_("process"), max_length=40, unique=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M:%S}"
