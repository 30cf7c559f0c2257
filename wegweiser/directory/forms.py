from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.selectors.directory import FACET_KEYS, Criteria


class SearchForm(forms.Form):
    """The public search's query string; unknown facet values are simply ignored."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def criteria(self, params: dict[str, list[str]]) -> Criteria:
        data = self.cleaned_data if self.is_valid() else {}
        selected = {key: {v for v in params.get(key, []) if v and len(v) < 100} for key in FACET_KEYS}
        return Criteria(text=data.get("q") or "", selected=selected, page=data.get("page") or 1)
