from django.urls import path

from wegweiser.api import views

app_name = "api"

urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    path("docs/", views.docs, name="docs"),
    path("profile/", views.profile_index, name="profile"),
    path("profile/<str:name>", views.profile_file, name="profile_file"),
    path("services", views.service_list, name="services"),
    path("services/<str:pk>", views.service_detail, name="service"),
    path("organizations", views.organization_list, name="organizations"),
    path("organizations/<str:pk>", views.organization_detail, name="organization"),
    path("service_at_locations", views.place_list, name="service_at_locations"),
    path("service_at_locations/<str:pk>", views.place_detail, name="service_at_location"),
    path("taxonomies", views.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:pk>", views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", views.term_list, name="taxonomy_terms"),
    path("taxonomy_terms/<str:pk>", views.term_detail, name="taxonomy_term"),
]
