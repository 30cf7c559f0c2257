"""What a browser would submit from a page's form (inputs, checked boxes, selected options,
text areas), for tests that post forms as they are rendered."""

from html.parser import HTMLParser


class _FormData(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.data.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """The fields of the form with the id ``form_id`` as a dict of lists."""
    parser = _FormData(form_id)
    parser.feed(html)
    result: dict[str, list[str]] = {}
    for name, value in parser.data:
        result.setdefault(name, []).append(value)
    return result
