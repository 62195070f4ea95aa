from django.urls import path

from archetypes import views

app_name = "archetypes"
urlpatterns = [
    path("", views.archetype_list, name="list"),
]
