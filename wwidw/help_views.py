"""Help: the "Begrippen" page, which explains the words of the format, and "Zo werkt het", what
each role does where. Both are open to every reader, signed in or not."""

from django.shortcuts import render

from wwidw.glossary import TERMS


def glossary(request):
    terms = sorted(TERMS, key=lambda entry: str(entry.name).casefold())
    return render(request, "wwidw/glossary.html", {"terms": terms})


def how_it_works(request):
    return render(request, "wwidw/how_it_works.html")
