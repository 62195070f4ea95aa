from django.urls import path

from api import views

app_name = "api_keys"
urlpatterns = [
    path("organisaties/<slug:slug>/api-sleutels/", views.apikey_list, name="list"),
    path(
        "organisaties/<slug:slug>/api-sleutels/<int:pk>/intrekken/",
        views.apikey_revoke,
        name="revoke",
    ),
]
