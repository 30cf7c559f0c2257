from django.urls import path

from wegweiser.directory import views, views_network

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("angebote/", views.offer_list, name="offer_list"),
    path("angebote/<slug:slug>/", views.offer_detail, name="offer_detail"),
    path("angebote/<slug:slug>/hinweis/", views.offer_report, name="offer_report"),
    path("angebote/<slug:slug>/hinweis/danke/", views.offer_report_done, name="offer_report_done"),
    path("traeger/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("katalog/", views.edition_list, name="edition_list"),
    path(
        "katalog/<int:number>-<slug:language>.pdf",
        views.edition_download,
        name="edition_download",
    ),
]
urlpatterns += [
    path("gremien/<slug:slug>/", views_network.body_detail, name="body_detail"),
    path(
        "gremien/<slug:slug>/sitzungen/<uuid:meeting_id>.ics",
        views_network.meeting_ics,
        name="meeting_ics",
    ),
]
