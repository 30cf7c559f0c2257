from django.urls import path

from wegweiser.security import views

app_name = "security"

urlpatterns = [path("", views.two_factor_setup, name="two_factor_setup")]
