from django.urls import path

from interventions import views

app_name = "interventions"
urlpatterns = [
    path("", views.intervention_list, name="list"),
]
