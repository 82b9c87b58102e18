"""Programme pages: the list, a programme and its phases, creating and managing one, and a
community's facilitators answering an invitation into one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities.models import Community, User
from communities.permissions import can_manage_community, require

from .. import permissions
from ..forms_programmes import (
    InvitationAnswerForm,
    PhaseForm,
    ProgrammeCommunityForm,
    ProgrammeForm,
    ProgrammeManagerForm,
)
from ..models import Phase, Programme, ProgrammeInvitation
from ..services import programmes as services

PER_PAGE = 20


def _programme(request, slug, question):
    """The programme at ``slug`` (404 if none), if ``question(user, programme)`` allows it."""
    programme = get_object_or_404(Programme, slug=slug)
    require(question(request.user, programme))
    return programme


def _manage_url(programme):
    return reverse("programmes:manage", args=[programme.slug])


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


# --- Reading ------------------------------------------------------------------------------------


def programme_list(request):
    programmes = Programme.objects.visible_to(request.user).prefetch_related(
        Prefetch("communities", queryset=Community.objects.order_by("name"))
    )
    page = Paginator(programmes, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/programme_list.html",
        {"page": page, "may_create": permissions.can_create_programme(request.user)},
    )


def programme_detail(request, slug):
    """Its phases with their sessions in order. A community the reader may not read shows
    only its name, and its sessions are not listed."""
    programme = _programme(request, slug, permissions.can_view_programme)
    user = request.user
    communities = list(programme.communities.order_by("name"))
    readable = set(programme.communities.visible_to(user).values_list("pk", flat=True))
    detachable = permissions.detachable_community_ids(user, programme) if user.is_authenticated else set()
    for community in communities:
        community.is_readable = community.pk in readable
        community.may_detach = community.pk in detachable
    sessions = list(
        programme.sessions.filter(community__in=readable).select_related("community").order_by("starts_at", "pk")
    )
    phases = list(programme.phases.all())
    by_phase = {phase.pk: phase for phase in phases}
    for phase in phases:
        phase.listed_sessions = []
    without_phase = []
    for session in sessions:
        phase = by_phase.get(session.phase_id)
        (phase.listed_sessions if phase else without_phase).append(session)
    return render(
        request,
        "meetings/programme_detail.html",
        {
            "programme": programme,
            "communities": communities,
            "phases": phases,
            "without_phase": without_phase,
            "managers": list(programme.managers.order_by("display_name")),
            "may_manage": permissions.can_manage_programme(user, programme),
        },
    )


# --- Creating and managing ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    require(permissions.can_create_programme(request.user))
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The programme is created and you manage it. Add its communities and phases."))
            return redirect(_manage_url(programme))
    return render(request, "meetings/programme_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def programme_manage(request, slug):
    programme = _programme(request, slug, permissions.can_manage_programme)
    form = ProgrammeForm(request.POST or None, instance=Programme.objects.get(pk=programme.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect(_manage_url(programme))
    return _manage_page(request, programme, form=form, status=400 if request.method == "POST" else 200)


def _manage_page(request, programme, *, form=None, community_form=None, manager_form=None, status=200):
    return render(
        request,
        "meetings/programme_manage.html",
        {
            "programme": programme,
            "form": form or ProgrammeForm(instance=programme),
            "community_form": community_form or ProgrammeCommunityForm(programme=programme, user=request.user),
            "manager_form": manager_form or ProgrammeManagerForm(programme=programme),
            "communities": list(programme.communities.order_by("name")),
            "pending": list(
                programme.invitations.filter(status=ProgrammeInvitation.Status.PENDING).select_related("community")
            ),
            "managers": list(programme.managers.order_by("display_name")),
            "phases": list(programme.phases.annotate(session_count=Count("sessions"))),
        },
        status=status,
    )


@login_required
@require_POST
def programme_community_add(request, slug):
    programme = _programme(request, slug, permissions.can_invite_community)
    form = ProgrammeCommunityForm(request.POST, programme=programme, user=request.user)
    if form.is_valid():
        community = form.cleaned_data["community"]
        try:
            outcome, _invitation = services.programme_community_add(
                programme=programme, community=community, by=request.user
            )
        except ValidationError as error:
            form.add_error("community", error)
        else:
            if outcome == services.ATTACHED:
                messages.success(
                    request, _("%(community)s is now part of the programme.") % {"community": community.name}
                )
            else:
                messages.success(
                    request,
                    _("The facilitators of %(community)s are invited: it joins the programme when one of them accepts.")
                    % {"community": community.name},
                )
            return redirect(_manage_url(programme))
    return _manage_page(request, programme, community_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def programme_community_remove(request, slug, community_pk):
    programme = get_object_or_404(Programme, slug=slug)
    community = get_object_or_404(programme.communities, pk=community_pk)
    require(permissions.can_detach_community(request.user, programme, community))
    back = (
        _manage_url(programme)
        if permissions.can_manage_programme(request.user, programme)
        else programme.get_absolute_url()
    )
    if request.method == "POST":
        try:
            services.programme_community_remove(programme=programme, community=community, by=request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request, _("%(community)s is no longer part of the programme.") % {"community": community.name}
            )
        return redirect(back)
    return render(
        request,
        "meetings/programme_confirm.html",
        {
            "programme": programme,
            "title": _("Take %(community)s out of “%(programme)s”?")
            % {"community": community.name, "programme": programme.name},
            "consequence": _(
                "Its sessions stay in the community but leave the programme and its phases. Adding it back later "
                "needs one of its facilitators."
            ),
            "button": _("Take it out"),
            "back": back,
        },
    )


@login_required
@require_POST
def programme_manager_add(request, slug):
    programme = _programme(request, slug, permissions.can_manage_programme)
    form = ProgrammeManagerForm(request.POST, programme=programme)
    if form.is_valid():
        person = form.cleaned_data["user"]
        try:
            services.programme_manager_add(programme=programme, user=person, by=request.user)
        except ValidationError as error:
            form.add_error("user", error)
        else:
            messages.success(request, _("%(name)s now manages the programme.") % {"name": person.display_name})
            return redirect(_manage_url(programme))
    return _manage_page(request, programme, manager_form=form, status=400)


@login_required
@require_POST
def programme_manager_remove(request, slug, user_pk):
    programme = _programme(request, slug, permissions.can_manage_programme)
    person = get_object_or_404(User, pk=user_pk)
    try:
        services.programme_manager_remove(programme=programme, user=person, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("%(name)s no longer manages the programme.") % {"name": person.display_name})
    if person == request.user and not permissions.can_manage_programme(
        request.user, Programme.objects.get(pk=programme.pk)
    ):
        return redirect(programme)
    return redirect(_manage_url(programme))


# --- Phases ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def phase_create(request, slug):
    programme = _programme(request, slug, permissions.can_manage_programme)
    last = programme.phases.order_by("-order").first()
    form = PhaseForm(
        request.POST or None, instance=Phase(programme=programme), initial={"order": (last.order + 1) if last else 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_create(programme=programme, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The phase is added."))
            return redirect(_manage_url(programme))
    return render(request, "meetings/phase_form.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request, slug, pk):
    programme = _programme(request, slug, permissions.can_manage_programme)
    phase = get_object_or_404(programme.phases, pk=pk)
    form = PhaseForm(request.POST or None, instance=Phase.objects.get(pk=phase.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_update(phase=phase, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The phase is saved."))
            return redirect(_manage_url(programme))
    return render(request, "meetings/phase_form.html", {"form": form, "programme": programme, "phase": phase})


@login_required
@require_http_methods(["GET", "POST"])
def phase_delete(request, slug, pk):
    programme = _programme(request, slug, permissions.can_manage_programme)
    phase = get_object_or_404(programme.phases, pk=pk)
    if request.method == "POST":
        services.phase_delete(phase=phase, by=request.user)
        messages.success(request, _("The phase “%(phase)s” is deleted.") % {"phase": phase.name})
        return redirect(_manage_url(programme))
    count = phase.sessions.count()
    return render(
        request,
        "meetings/programme_confirm.html",
        {
            "programme": programme,
            "title": _("Delete the phase “%(phase)s”?") % {"phase": phase.name},
            "consequence": _("Its sessions (%(count)d) are not deleted: they stay in the programme, without a phase.")
            % {"count": count},
            "button": _("Delete the phase"),
            "back": _manage_url(programme),
        },
    )


# --- Invitations into a programme -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invitation_detail(request, slug, pk):
    """Where the invited community's facilitators accept or decline (their notification links here)."""
    invitation = get_object_or_404(
        ProgrammeInvitation.objects.select_related("programme", "community", "invited_by", "decided_by"),
        pk=pk,
        programme__slug=slug,
    )
    require(permissions.can_view_programme_invitation(request.user, invitation))
    programme, community = invitation.programme, invitation.community
    if request.method == "POST":
        require(can_manage_community(request.user, community))
        form = InvitationAnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose accept or decline."))
        elif not permissions.can_answer_programme_invitation(request.user, invitation):
            messages.error(request, _("This invitation has already been answered."))
        else:
            accept = form.cleaned_data["decision"] == "accept"
            try:
                services.programme_invitation_answer(invitation=invitation, by=request.user, accept=accept)
            except ValidationError as error:
                _errors(request, error)
            else:
                if accept:
                    messages.success(
                        request,
                        _("%(community)s is now part of the programme “%(programme)s”.")
                        % {"community": community.name, "programme": programme.name},
                    )
                    return redirect(programme)
                messages.success(request, _("The invitation is declined; the programme’s managers are told."))
        return redirect(invitation)
    return render(
        request,
        "meetings/programme_invitation.html",
        {
            "invitation": invitation,
            "programme": programme,
            "community": community,
            "managers": list(programme.managers.order_by("display_name")),
            "may_answer": permissions.can_answer_programme_invitation(request.user, invitation),
        },
    )
