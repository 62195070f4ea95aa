from django.urls import path

from conversation import follow_views as views

app_name = "follows"
urlpatterns = [
    path("", views.follow_list, name="list"),
    path("e-mail/", views.digest_settings, name="digest_settings"),
    path("<int:pk>/stoppen/", views.follow_remove, name="remove"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "beschrijving/<int:key>/",
        views.follow_change,
        {"field": "intervention"},
        name="intervention",
    ),
    path("archetype/<slug:key>/", views.follow_change, {"field": "archetype"}, name="archetype"),
    path(
        "type/<slug:key>/",
        views.follow_change,
        {"field": "intervention_type"},
        name="intervention_type",
    ),
    path("thema/<slug:key>/", views.follow_change, {"field": "theme"}, name="theme"),
]
