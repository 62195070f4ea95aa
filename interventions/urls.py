from django.urls import path

from interventions.views import browse

app_name = "interventions"
urlpatterns = [
    # Finding: views/browse.py
    path("", browse.intervention_list, name="list"),
    # Writing: views/edit.py
    # Reading: views/read.py
]
