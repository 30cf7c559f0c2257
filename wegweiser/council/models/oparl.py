"""The council information system (Ratsinformationssystem) as Wegweiser mirrors it through OParl
1.1: the source (its URL, changed live by staff), bodies, committees (OParl ``Organization``),
meetings, agenda items and papers. Rows are identified by their OParl id (a URL) within the
district; the import updates them in place, so re-running it changes nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class OParlSource(VersionedModel, UUIDModel):
    """Where a district's council information system answers (its OParl ``System`` URL), and
    how far the import got: the newest ``modified`` it has seen is passed as ``modified_since``
    on the next run, so that only what changed since is fetched."""

    district = models.OneToOneField(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="oparl_source",
    )
    system_url = models.URLField(
        _("OParl system URL"),
        max_length=500,
        help_text=_("The URL of the council information system's OParl 1.1 system object."),
    )
    body_url = models.URLField(
        _("OParl body URL"),
        max_length=500,
        blank=True,
        help_text=_("Only this body (Gebietskörperschaft) of the system; empty: every body."),
    )
    is_active = models.BooleanField(_("import nightly"), default=True)
    last_modified = models.DateTimeField(_("newest change imported"), null=True, blank=True, editable=False)
    last_run_at = models.DateTimeField(_("last import"), null=True, blank=True, editable=False)
    last_report = models.JSONField(_("last import's counts"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("council information system")
        verbose_name_plural = _("council information systems")

    def __str__(self) -> str:
        return self.system_url


class OParlObject(UUIDModel):
    """What every imported object carries: its district, OParl id, name, web page and the time
    the council information system last changed it."""

    district = models.ForeignKey("districts.District", verbose_name=_("district"), on_delete=models.CASCADE)
    oparl_id = models.URLField(_("OParl id"), max_length=500)
    name = models.CharField(_("name"), max_length=500, blank=True)
    web = models.URLField(_("web page"), max_length=500, blank=True)
    modified = models.DateTimeField(_("changed in the council information system"), null=True, blank=True)
    deleted = models.BooleanField(_("deleted in the council information system"), default=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.oparl_id


def _unique(label: str) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=["district", "oparl_id"], name=f"council_{label}_oparl_id_unique")]


class CouncilBody(OParlObject):
    """An OParl ``Body``: the Gebietskörperschaft whose council the system serves."""

    short_name = models.CharField(_("short name"), max_length=100, blank=True)

    class Meta(OParlObject.Meta):
        verbose_name = _("council body")
        verbose_name_plural = _("council bodies")
        constraints = _unique("body")


class Committee(OParlObject):
    """An OParl ``Organization``: the council, a committee (Ausschuss), a faction."""

    body = models.ForeignKey(
        CouncilBody, verbose_name=_("body"), on_delete=models.CASCADE, related_name="committees", null=True
    )
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    classification = models.CharField(_("classification"), max_length=200, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta(OParlObject.Meta):
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = _unique("committee")


class Paper(OParlObject):
    """An OParl ``Paper`` (Drucksache): a proposal, report or inquiry with its reference."""

    body = models.ForeignKey(
        CouncilBody, verbose_name=_("body"), on_delete=models.CASCADE, related_name="papers", null=True
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    paper_type = models.CharField(_("type"), max_length=200, blank=True)

    class Meta(OParlObject.Meta):
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["-date", "reference"]
        constraints = _unique("paper")

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip() or self.oparl_id


class CouncilMeeting(OParlObject):
    """An OParl ``Meeting`` of one or more committees, with its agenda."""

    body = models.ForeignKey(
        CouncilBody, verbose_name=_("body"), on_delete=models.CASCADE, related_name="meetings", null=True
    )
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=500, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    committees = models.ManyToManyField(
        Committee, verbose_name=_("committees"), related_name="meetings", blank=True
    )

    class Meta(OParlObject.Meta):
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-start"]
        constraints = _unique("meeting")


class AgendaItem(OParlObject):
    """An OParl ``AgendaItem`` of a meeting; the paper it consults, where the system says."""

    meeting = models.ForeignKey(
        CouncilMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    number = models.CharField(_("number"), max_length=50, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    public = models.BooleanField(_("public"), default=True)
    result = models.CharField(_("result"), max_length=500, blank=True)
    paper = models.ForeignKey(
        Paper,
        verbose_name=_("paper"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    class Meta(OParlObject.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = _unique("agendaitem")


class PaperLink(UUIDModel):
    """A planning document linked to the official paper of its decision (e.g. the Kreistag's
    Drucksache adopting the integration concept)."""

    paper = models.ForeignKey(Paper, verbose_name=_("paper"), on_delete=models.CASCADE, related_name="links")
    document = models.ForeignKey(
        "plans.PlanningDocument",
        verbose_name=_("planning document"),
        on_delete=models.CASCADE,
        related_name="paper_links",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("link to a paper")
        verbose_name_plural = _("links to papers")
        constraints = [models.UniqueConstraint(fields=["paper", "document"], name="council_paperlink_unique")]

    def __str__(self) -> str:
        return f"{self.document} → {self.paper}"
