from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.selectors.directory import FACET_KEYS, Criteria


class SearchForm(forms.Form):
    """The public search's query string; unknown facet values and bad values are ignored."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def criteria(self, params: dict[str, list[str]]) -> Criteria:
        """Invalid values (a page of "abc", an over-long text) are dropped one by one; the
        valid rest still counts."""
        self.is_valid()
        data = self.cleaned_data
        selected = {key: {v for v in params.get(key, []) if v and len(v) < 100} for key in FACET_KEYS}
        return Criteria(text=data.get("q") or "", selected=selected, page=data.get("page") or 1)
