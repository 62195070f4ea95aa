from django.urls import path

from archetypes import views

app_name = "archetypes"
urlpatterns = [
    path("", views.archetype_list, name="list"),
    path("<slug:slug>/", views.archetype_detail, name="detail"),
    path("<slug:slug>/pdf/", views.archetype_pdf, name="pdf"),
]
