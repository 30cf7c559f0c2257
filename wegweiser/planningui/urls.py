from django.urls import path

from wegweiser.planningui import views

app_name = "planningui"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("matrix/", views.matrix, name="matrix"),
    path("gemeinde/<str:ags>/", views.municipality, name="municipality"),
]
