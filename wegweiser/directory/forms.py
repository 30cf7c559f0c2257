import enum
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.selectors.directory import FACET_KEYS, Criteria
from wegweiser.catalog.selectors.opening import WEEKDAYS


class SearchForm(forms.Form):
    """The public search's query string; unknown facet values and bad values are ignored."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)
    near = forms.CharField(label=_("Near"), max_length=120, required=False)
    today = forms.BooleanField(required=False)

    def criteria(self, params: dict[str, list[str]]) -> Criteria:
        """Invalid values (a page of "abc", an over-long text) are dropped one by one; the
        valid rest still counts."""
        self.is_valid()
        data = self.cleaned_data
        selected = {key: {v for v in params.get(key, []) if v and len(v) < 100} for key in FACET_KEYS}
        return Criteria(
            text=data.get("q") or "",
            selected=selected,
            page=data.get("page") or 1,
            near=data.get("near") or "",
            days={d for d in params.get("day", []) if d in WEEKDAYS},
            open_today=bool(data.get("today")),
        )


class ReportCheck(enum.Enum):
    OK = "ok"
    BOT = "bot"  # the honeypot was filled in: answered like a success, nothing kept
    TOO_FAST = "too fast"  # sent within seconds of opening the form, or with a broken token
    EXPIRED = "expired"


_SIGNER = signing.Signer(salt="wegweiser.directory.offer-report")


def report_token(*, offer_id: object, now: float | None = None) -> str:
    """A signed note of when the form was shown, for which offer."""
    return _SIGNER.sign(f"{offer_id}:{int(now if now is not None else time.time())}")


class OfferReportForm(forms.Form):
    """ "Angabe falsch oder veraltet?": spam protection without third parties: a field people do
    not see (bots fill it), a signed time of display (bots send at once), and a rate limit per
    address in the view."""

    message = forms.CharField(
        label=_("What is wrong or out of date?"),
        help_text=_("For example: new opening hours, a new phone number, the offer has ended."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        help_text=_(
            "Only if you would like an answer. We use it only to answer your report and delete it "
            "when your report has been dealt with."
        ),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "auto"}),
    )
    # The honeypot: hidden from people (CSS, aria-hidden, not reachable by Tab).
    website = forms.CharField(
        label=_("Please leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def check(self, *, offer_id: object, now: float | None = None) -> ReportCheck:
        """Whether a valid form came from a person (call after ``is_valid``)."""
        if self.cleaned_data.get("website"):
            return ReportCheck.BOT
        try:
            value = _SIGNER.unsign(self.cleaned_data.get("started", ""))
            signed_offer, shown = value.rsplit(":", 1)
            age = (now if now is not None else time.time()) - int(shown)
        except (signing.BadSignature, ValueError):
            return ReportCheck.TOO_FAST
        if signed_offer != str(offer_id):
            return ReportCheck.TOO_FAST
        if age < settings.WEGWEISER_FEEDBACK_MIN_SECONDS:
            return ReportCheck.TOO_FAST
        if age > settings.WEGWEISER_FEEDBACK_MAX_SECONDS:
            return ReportCheck.EXPIRED
        return ReportCheck.OK
