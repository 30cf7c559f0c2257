class PortalLanguage:
    """The portal's interface languages in the path: German first, English."""

    regex = "de|en"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
