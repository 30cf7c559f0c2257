from django.urls import path

from wegweiser.planningui import indicator_views, plans_views, report_views, views

app_name = "planningui"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("matrix/", views.matrix, name="matrix"),
    path("gemeinde/<str:ags>/", views.municipality, name="municipality"),
    path("analysen/", views.frozen_list, name="frozen_list"),
    path("analysen/neu/", views.frozen_create, name="frozen_create"),
    path("analysen/vergleich/", views.frozen_compare, name="frozen_compare"),
    path("analysen/<uuid:pk>/", views.frozen_detail, name="frozen_detail"),
    path("berichte/", report_views.report_list, name="report_list"),
    path("berichte/vorlage/<uuid:pk>/erstellen/", report_views.report_create, name="report_create"),
    path("berichte/<uuid:pk>/<str:fmt>/", report_views.report_download, name="report_download"),
    path("plaene/", plans_views.plans_list, name="plans_list"),
    path("plaene/vergleich/", plans_views.plans_compare, name="plans_compare"),
    path("plaene/<uuid:pk>/", plans_views.plans_detail, name="plans_detail"),
    path("plaene/indikatoren/<uuid:pk>/", indicator_views.indicator_values_view, name="indicator_values"),
    path("foerderung/", plans_views.funding_overview, name="funding"),
]
