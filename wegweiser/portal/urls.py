"""The partner portal: ``/<lang>/partner/...`` with ``lang`` de or en (German first)."""

from django.urls import path

from wegweiser.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("anmelden/", views.PortalLoginView.as_view(), name="login"),
    path("abmelden/", views.PortalLogoutView.as_view(), name="logout"),
    path("passwort/", views.PortalPasswordResetView.as_view(), name="password_reset"),
    path("passwort/gesendet/", views.PortalPasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "passwort/neu/<uidb64>/<token>/",
        views.PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("passwort/fertig/", views.PortalPasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("angebote/<uuid:pk>/", views.offer_edit, name="offer_edit"),
    path("angebote/<uuid:pk>/bestaetigen/", views.offer_confirm, name="offer_confirm"),
    path("angebote/<uuid:pk>/beendet/", views.offer_end, name="offer_end"),
    path("vorschlaege/<uuid:pk>/zurueckziehen/", views.revision_withdraw, name="revision_withdraw"),
    path("traeger/<uuid:pk>/neues-angebot/", views.offer_new, name="offer_new"),
    path("traeger/<uuid:pk>/personen/", views.colleagues, name="colleagues"),
    path(
        "traeger/<uuid:pk>/personen/<uuid:access_pk>/entfernen/",
        views.colleague_remove,
        name="colleague_remove",
    ),
    path(
        "traeger/<uuid:pk>/einladungen/<uuid:invitation_pk>/zurueckziehen/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
