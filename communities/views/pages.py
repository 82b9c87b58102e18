"""Pages of the ground floor: home and dashboard, profiles, language, health."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from .. import permissions, registry
from ..forms import ProfileForm
from ..health import healthz_response
from ..models import Community, Invitation, Membership, User
from ..services import invitation_token


def permission_denied(request, exception=None):
    """The one rule for refusals (``handler403``): anonymous visitors are sent to sign in and
    come back (to ``SignInFirst.next_url`` when the refusal names a page); signed-in people get
    the 403 page."""
    if not request.user.is_authenticated:
        return redirect_to_login(getattr(exception, "next_url", None) or request.get_full_path())
    return render(request, "403.html", status=403)


def home(request):
    if not request.user.is_authenticated:
        return _visitor_home(request)
    memberships = list(
        request.user.memberships.filter(
            status__in=[Membership.Status.ACTIVE, Membership.Status.REQUESTED, Membership.Status.WAITLISTED]
        ).select_related("community").order_by("community__name")
    )
    invitations = (
        Invitation.objects.filter(user=request.user, status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
        .select_related("community", "invited_by")
    )
    return render(
        request,
        "communities/home_dashboard.html",
        {
            "memberships": [m for m in memberships if m.is_active],
            "pending_memberships": [m for m in memberships if not m.is_active],
            "invitations": [(invitation, invitation_token(invitation)) for invitation in invitations],
            "sections": registry.sections(registry.dashboard_sections, request),
        },
    )


VISITOR_COMMUNITIES = 6


def _visitor_home(request):
    """What a visitor may read: public communities still running, then the upper floors'
    sections (the library's latest products, the next sessions)."""
    communities = (
        Community.objects.filter(visibility=Community.Visibility.PUBLIC)
        .exclude(status=Community.Status.CLOSED)
        .with_member_count()
        .prefetch_related("themes")
        .order_by("-member_count", "name")[:VISITOR_COMMUNITIES]
    )
    return render(
        request,
        "communities/home_visitor.html",
        {"communities": list(communities), "sections": registry.sections(registry.visitor_home_sections, request)},
    )


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
    if not permissions.can_view_profile(request.user, person):
        raise Http404
    return render(request, "communities/person_detail.html", {"person": person})


@login_required
def profile_me(request):
    return redirect("people:detail", pk=request.user.pk)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # A new language applies from this very message on.
        translation.activate(request.user.language)
        request.LANGUAGE_CODE = request.user.language
        messages.success(request, _("Your profile has been saved."))
        return redirect("people:detail", pk=request.user.pk)
    return render(request, "communities/person_form.html", {"form": form})
