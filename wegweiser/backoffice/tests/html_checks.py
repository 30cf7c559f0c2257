"""Checks on the HTML the back office sends, shared by the test-client and the browser tests."""

from html.parser import HTMLParser


class _FormNesting(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.nested: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "form":
            return
        described = " ".join(f'{k}="{v}"' for k, v in attrs if k in ("id", "action"))
        if self.open:
            self.nested.append(f"<form {described}> inside <form {self.open[-1]}> (line {self.getpos()[0]})")
        self.open.append(described)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.open:
            self.open.pop()


def nested_forms(html: str) -> list[str]:
    """Every ``<form>`` that starts inside another one, as written in the source (browsers drop the
    inner one and end the outer one at its ``</form>``: its buttons then do nothing)."""
    parser = _FormNesting()
    parser.feed(html)
    parser.close()
    return parser.nested
