from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from wegweiser.operations.views import healthz

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("admin/zwei-faktor/", include("wegweiser.security.urls")),
    path("admin/", admin.site.urls),
    path("api/hsds/v3/", include("wegweiser.api.urls")),
    path("planung/", include("wegweiser.planningui.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("wegweiser.directory.urls")),
    prefix_default_language=True,
)
