from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, register_converter

from wegweiser.directory.views_language import language_choose
from wegweiser.operations.views import healthz
from wegweiser.portal.converters import PortalLanguage

register_converter(PortalLanguage, "portallang")

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("admin/zwei-faktor/", include("wegweiser.security.urls")),
    path("admin/", admin.site.urls),
    path("api/hsds/v3/", include("wegweiser.api.urls")),
    # The partner portal names its language in the path itself (``portal:offer_edit`` takes
    # ``lang`` and ``pk``), so that links in e-mails choose it.
    path("<portallang:lang>/partner/", include("wegweiser.portal.urls")),
    path("planung/", include("wegweiser.planningui.urls")),
    # The language chooser of the directory and the portal (sets the language cookie).
    path("sprache/", language_choose, name="language_choose"),
]
urlpatterns += i18n_patterns(
    path("", include("wegweiser.freshness.urls")),
    path("", include("wegweiser.directory.urls")),
    prefix_default_language=True,
)
