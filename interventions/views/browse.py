from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def intervention_list(request):
    return render(request, "interventions/intervention_list.html")
