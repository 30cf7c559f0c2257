from wegweiser.core.markdown import render_markdown


def test_markdown_is_rendered_and_scripts_are_removed() -> None:
    html = render_markdown("**fett** <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<strong>fett</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_links_get_a_safe_rel() -> None:
    html = render_markdown("[Web](https://example.org)")
    assert 'href="https://example.org"' in html
    assert "noopener" in html
