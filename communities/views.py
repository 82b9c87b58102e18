"""Pages of the ground floor: home and dashboard, profiles, language, health."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from .forms import ProfileForm
from .health import healthz_response
from .models import User


def home(request):
    if not request.user.is_authenticated:
        return render(request, "communities/home_visitor.html")
    return render(request, "communities/home_dashboard.html")


def healthz(request):
    # Normally answered by HealthCheckMiddleware; kept so the URL can be reversed.
    return healthz_response()


@require_POST
def set_language(request):
    """Django's language switch, remembered on the person's profile too."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(User._meta.get_field("language").choices):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


@login_required
def profile_detail(request, pk):
    person = get_object_or_404(User.objects.prefetch_related("expertise"), pk=pk, is_active=True)
    # Until people share a community, only the person and staff see the details.
    may_see_details = person == request.user or request.user.is_staff
    return render(
        request,
        "communities/person_detail.html",
        {"person": person, "may_see_details": may_see_details},
    )


@login_required
def profile_me(request):
    return redirect("people:detail", pk=request.user.pk)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("people:detail", pk=request.user.pk)
    return render(request, "communities/person_form.html", {"form": form})
