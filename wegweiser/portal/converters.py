from django.conf import settings


class PortalLanguage:
    """The portal's interface languages in the path: every interface language (German first)."""

    regex = "|".join(sorted((code for code, _name in settings.LANGUAGES), key=len, reverse=True))

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
