"""Pages of the platform that belong to no community: the code of conduct."""

from django.shortcuts import render


def code_of_conduct(request):
    """The rules every community's knowledge exchange lives by; public, linked from every page."""
    return render(request, "knowledge/code_of_conduct.html")
