from django.urls import path

from wegweiser.freshness import views

app_name = "freshness"

urlpatterns = [
    path("bestaetigen/<str:token>/", views.link, name="link"),
]
