"""The facets' checkboxes as the results page shows them: every value escaped, the label marked
with ``lang`` where it is not in the page's language, flags answered "ja"."""

from django.utils import translation

from wegweiser.catalog.selectors.directory import Facet, FacetOption
from wegweiser.directory.facets import shown_facets


def test_checkboxes_escape_every_value_and_mark_the_label_language() -> None:
    facets = [
        Facet("group", "Zielgruppe", [FacetOption('a"b', "Frauen <b>&</b>", 3, True, language="en")]),
        Facet("free", "Kostenlos", [FacetOption("1", "kostenlos", 1234, False)], is_flag=True),
        Facet("empty", "Leer", []),
    ]
    with translation.override("de"):
        shown = shown_facets(facets)
    assert [f.key for f in shown] == ["group", "free"]
    group, free = (str(f.checkboxes) for f in shown)
    assert 'id="f-group-a&quot;b" name="group" value="a&quot;b" checked>' in group
    assert '<label for="f-group-a&quot;b"><span lang="en">Frauen &lt;b&gt;&amp;&lt;/b&gt;</span> ' in group
    assert '<span class="count">(3)</span>' in group
    assert 'value="1">' in free and ">ja <span" in free and "(1234)" in free
