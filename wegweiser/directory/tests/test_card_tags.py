"""The result card's tags: the same markup as ``{% url %}`` and one ``labelled`` per label."""

import pytest
from django.urls import reverse
from django.utils import translation

from wegweiser.catalog.translation import Localised
from wegweiser.directory.templatetags.directory_tags import label_items, labelled, offer_href


@pytest.mark.parametrize("slug", ["deutschkurs-am-abend", "a_b-9", "x"])
@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_the_offer_link_is_the_reversed_url_in_the_interface_language(slug: str, language: str) -> None:
    with translation.override(language):
        expected = reverse("directory:offer_detail", args=[slug])
        assert offer_href(slug) == expected
        assert offer_href(slug, "uk") == f"{expected}?lang=uk"
    assert expected.startswith(f"/{language}/")


def test_the_category_list_is_one_item_per_label_marked_where_not_in_the_page_language() -> None:
    labels = [
        Localised("Frauen", "de", "de"),
        Localised("Women <&>", "en", "de"),
    ]
    with translation.override("de"):
        html = label_items(labels)
        assert html == "".join(f"<li>{labelled(label)}</li>" for label in labels)
    assert html == '<li>Frauen</li><li><span lang="en" dir="ltr">Women &lt;&amp;&gt;</span></li>'
