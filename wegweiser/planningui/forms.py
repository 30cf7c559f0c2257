"""The planner's choices as a GET form (every page and download reads the same parameters)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models import Taxonomy, TaxonomyTerm
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.planning.models import Indicator
from wegweiser.planningui.analysis import Params


def _terms(role: str) -> Any:
    return TaxonomyTerm.objects.filter(taxonomy__role=role).order_by("sort_order", "name")


class AnalysisForm(forms.Form):
    field = forms.ModelChoiceField(
        queryset=_terms(Taxonomy.Role.FIELD_OF_ACTION),
        required=False,
        label=_("Field of action"),
        empty_label=_("all"),
    )
    group = forms.ModelChoiceField(
        queryset=_terms(Taxonomy.Role.TARGET_GROUP),
        required=False,
        label=_("Target group"),
        empty_label=_("all"),
    )
    kind = forms.ModelChoiceField(
        queryset=_terms(Taxonomy.Role.KIND), required=False, label=_("Kind of offer"), empty_label=_("all")
    )
    language = forms.ChoiceField(required=False, label=_("Language of delivery"))
    local_only = forms.BooleanField(
        required=False,
        label=_("Only offers on site or with a service area"),
        help_text=_("Leaves out offers for the whole district and mobile offers without an area."),
    )
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        label=_("Need (per 1,000 of)"),
        empty_label=_("population"),
    )
    target = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        label=_("Target: offers per 1,000"),
        help_text=_("Empty: the district median is the benchmark."),
    )
    on = forms.DateField(
        required=False,
        label=_("As of"),
        help_text=_("Empty: today."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    since = forms.DateField(
        required=False,
        label=_("Change since"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    search_days = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("365 days"))],
        initial=90,
        label=_("Searches without results: period"),
    )

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator_field = self.fields["indicator"]
        assert isinstance(indicator_field, forms.ModelChoiceField)
        indicator_field.queryset = Indicator.objects.filter(
            district=district, level=Indicator.Level.MUNICIPALITY
        ).order_by("name")
        language_field = self.fields["language"]
        assert isinstance(language_field, forms.ChoiceField)
        language_field.choices = [("", _("any"))] + [
            (code, name) for code, name in Language.objects.values_list("code", "name_de")
        ]

    def params(self) -> Params:
        """The valid choices (invalid ones are left out; the form shows why)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return Params(
            field=data.get("field"),
            group=data.get("group"),
            kind=data.get("kind"),
            language=data.get("language") or "",
            local_only=bool(data.get("local_only")),
            on=data.get("on"),
            since=data.get("since"),
            indicator=data.get("indicator"),
            target=data.get("target"),
            search_days=data.get("search_days") or 90,
        )


class IndicatorValueForm(forms.Form):
    """An actual value of a manual indicator of a measure on a date (``measure_indicator_value_set``
    checks the rest: permission, superseded version, manual source, no future date)."""

    date = forms.DateField(
        label=_("Date"),
        help_text=_("The day the value refers to, e.g. the end of a year."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "required": _("Enter the date the value refers to."),
            "invalid": _("Enter a valid date, e.g. 31.12.2026."),
        },
    )
    value = forms.DecimalField(
        label=_("Actual value"),
        max_digits=14,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the actual value."),
            "invalid": _("Enter a number, e.g. 112 or 12,5."),
            "max_digits": _("The number is too large: at most 12 digits before the decimal comma."),
            "max_decimal_places": _("At most two decimal places, e.g. 12,75."),
            "max_whole_digits": _("The number is too large: at most 12 digits before the decimal comma."),
        },
    )
