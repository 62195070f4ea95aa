from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def archetype_list(request):
    return render(request, "archetypes/archetype_list.html")
