"""Community pages: directory, home, members, management, joining and leaving.

Views stay thin: fetch, ask ``permissions``, call a form or a service, answer.
"""

from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions, registry, services, throttle
from ..forms import (
    CommunityForm,
    DecisionForm,
    DirectoryFilterForm,
    InterestForm,
    InvitationForm,
    JoinForm,
    LearningExperienceRequestForm,
    MemberFilterForm,
    ObjectiveForm,
    PeopleSearchForm,
    RemoveMemberForm,
)
from ..models import Community, Invitation, LearningObjective, Membership, User
from . import start_requests

PAGE_SIZE = 20


def _error_messages(request, error):
    for message in error.messages:
        messages.error(request, message)


# --- Directory and creation -------------------------------------------------------------------------


def directory(request):
    form = DirectoryFilterForm(request.GET or None, user=request.user)
    communities = Community.objects.with_member_count().prefetch_related("themes").order_by("name")
    if request.user.is_authenticated:
        # Private communities show their summary to their own members.
        communities = communities.annotate(
            viewer_is_member=Exists(
                Membership.objects.active().filter(community=OuterRef("pk"), user=request.user)
            )
        )
    if form.is_valid():
        data = form.cleaned_data
        # A private community shows outsiders its name, public summary and status only: the
        # filters on anything else match the communities whose content the reader may see.
        readable = Q(pk__in=Community.objects.visible_to(request.user).values("pk"))
        if data["q"]:
            communities = communities.filter(
                Q(name__icontains=data["q"])
                | Q(visibility=Community.Visibility.PRIVATE, public_summary__icontains=data["q"])
                | readable & (Q(tagline__icontains=data["q"]) | Q(themes__name__icontains=data["q"]))
            ).distinct()
        if data["theme"]:
            communities = communities.filter(readable, themes__name__iexact=data["theme"]).distinct()
        if data["language"]:
            communities = communities.filter(readable, working_languages__contains=data["language"])
        if data["country"]:
            communities = communities.filter(readable, countries__contains=data["country"])
        if data["status"]:
            communities = communities.filter(status=data["status"])
    page = Paginator(communities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communities/community_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_create": permissions.can_create_community(request.user),
            "sees_every_community": permissions.is_platform_admin(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not permissions.can_create_community(request.user):
        return start_requests.refusal(request)
    form = CommunityForm(request.POST or None, initial={"status": Community.Status.FORMING})
    if request.method == "POST" and form.is_valid():
        fields, themes = form.service_fields()
        try:
            community = services.community_create(by=request.user, themes=themes, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your community is ready. Invite its first members."))
            return redirect("communities:manage", slug=community.slug)
    return render(request, "communities/community_form.html", {"form": form, "creating": True})


# --- A community ----------------------------------------------------------------------------------


def detail(request, slug):
    community = permissions.community_or_refuse(request, slug)
    user = request.user
    may_view = permissions.can_view_community_content(user, community)
    context = {
        "community": community,
        "membership": permissions.membership_of(user, community),
        "may_view": may_view,
        "may_join": permissions.can_join(user, community),
        "may_request": permissions.can_request_to_join(user, community),
        "may_leave": permissions.can_leave(user, community),
        "may_propose": permissions.can_propose_objective(user, community),
        "member_count": community.memberships.active().count() if may_view else None,
        "join_form": JoinForm(),
        "interest_form": InterestForm(),
    }
    if may_view:
        context["facilitators"] = [
            membership.user for membership in community.memberships.facilitators().select_related("user")
        ]
        objectives = community.objectives.exclude(status=LearningObjective.Status.DECLINED)
        context["objectives"] = [o for o in objectives if o.status == LearningObjective.Status.ACCEPTED]
        context["proposed_objectives"] = [o for o in objectives if o.status == LearningObjective.Status.PROPOSED]
        context["objective_form"] = ObjectiveForm()
        context["sections"] = registry.sections(registry.community_home_sections, request, community)
    return render(request, "communities/community_detail.html", context)


def members(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_view_community_content)
    # Profile details are for co-members and platform admins; everyone else sees names, and
    # may not filter on what they cannot see (a crafted ?country= would reveal it).
    may_see_details = permissions.is_platform_admin(request.user) or permissions.is_active_member(request.user, community)
    form = MemberFilterForm(request.GET or None, community=community)
    memberships = (
        community.memberships.active()
        .select_related("user")
        .prefetch_related("user__expertise")
        .order_by("role", "user__display_name")  # facilitators first
    )
    if may_see_details and form.is_valid():
        if form.cleaned_data["country"]:
            memberships = memberships.filter(user__country=form.cleaned_data["country"])
        if form.cleaned_data["expertise"]:
            memberships = memberships.filter(user__expertise__name__icontains=form.cleaned_data["expertise"]).distinct()
    page = Paginator(memberships, 60).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communities/community_members.html",
        {"community": community, "page": page, "form": form, "may_see_details": may_see_details, "query": query.urlencode()},
    )


# --- Joining and leaving -----------------------------------------------------------------------------


@require_POST
def join(request, slug):
    community = permissions.community_or_refuse(request, slug)
    permissions.require_sign_in(request, next_url=community.get_absolute_url())
    if not (permissions.can_join(request.user, community) or permissions.can_request_to_join(request.user, community)):
        messages.error(request, _("You can’t join this community from here."))
        return redirect(community)
    form = JoinForm(request.POST)
    if not form.is_valid():
        _error_messages(request, ValidationError(form.errors["message"]))
        return redirect(community)
    try:
        membership = services.membership_join(community=community, user=request.user, message=form.cleaned_data["message"])
    except ValidationError as error:
        _error_messages(request, error)
        return redirect(community)
    if membership.is_active:
        messages.success(request, _("Welcome to %(community)s!") % {"community": community.name})
    elif membership.status == Membership.Status.WAITLISTED:
        messages.info(request, _("The community is full: you are on the waiting list and will be told when a place opens."))
    else:
        messages.success(request, _("Your request has been sent to the facilitators. You will be told of their decision."))
    return redirect(community)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request, slug):
    community = permissions.community_or_refuse(request, slug)
    membership = permissions.membership_of(request.user, community)
    if not permissions.can_leave(request.user, community):
        messages.error(request, _("You are not a member of this community."))
        return redirect(community)
    if request.method == "POST":
        try:
            services.membership_leave(membership=membership)
        except ValidationError as error:
            _error_messages(request, error)
            return redirect(community)
        messages.success(request, _("You have left %(community)s.") % {"community": community.name})
        return redirect(community)
    return render(request, "communities/community_leave_confirm.html", {"community": community, "membership": membership})


@require_POST
def express_interest(request, slug):
    community = permissions.community_or_refuse(request, slug)
    form = InterestForm(request.POST)
    thanks = _("Almost done: confirm your address with the link we have just sent you.")
    if form.filled_by_a_robot:
        messages.success(request, thanks)  # looks like success; nothing is kept
        return redirect(community)
    if not form.is_valid():
        messages.error(request, _("Enter a valid email address."))
        return redirect(community)
    if not throttle.submission_allowed(request, action=throttle.INTEREST, email=form.cleaned_data["email"]):
        return throttle.too_many(request, form, "communities/interest_form.html", {"community": community})
    try:
        services.interest_register(community=community, email=form.cleaned_data["email"], language=get_language())
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, thanks)
    return redirect(community)


def _signed_link_page(request, token, action, template):
    """A link from an e-mail: GET shows a button (mail scanners and link previews open
    links too), POST does ``action(token=...)``, which answers None for a bad link."""
    if request.method == "POST":
        interest = action(token=token)
        if interest is None:
            return render(request, template, {"invalid": True}, status=400)
        return render(request, template, {"interest": interest, "done": True})
    return render(request, template, {"token": token})


@require_http_methods(["GET", "POST"])
def interest_confirm(request, token):
    return _signed_link_page(request, token, services.interest_confirm, "communities/interest_confirm.html")


# The signed token is the authority: RFC 8058 mail clients POST with no cookie and no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def interest_unsubscribe(request, token):
    """One click on the page, or a POST straight from the mail client (RFC 8058)."""
    return _signed_link_page(request, token, services.interest_unsubscribe, "communities/interest_unsubscribe.html")


@require_http_methods(["GET", "POST"])
def request_learning_experience(request):
    form = LearningExperienceRequestForm(request.POST or None)
    thanks = _("Thank you. Your request has reached the platform team; a confirmation is on its way to your inbox.")
    if request.method == "POST" and form.filled_by_a_robot:
        messages.success(request, thanks)  # looks like success; nothing is kept
        return redirect("communities:directory")
    if request.method == "POST" and form.is_valid():
        if throttle.submission_allowed(request, action=throttle.LEARNING_EXPERIENCE_REQUEST, email=form.cleaned_data["email"]):
            services.learning_experience_request_receive(form=form)
            messages.success(request, thanks)
            return redirect("communities:directory")
        return throttle.too_many(request, form, "communities/learning_request_form.html", {})
    return render(request, "communities/learning_request_form.html", {"form": form})


# --- Objectives ------------------------------------------------------------------------------------------


@login_required
@require_POST
def propose_objective(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_propose_objective)
    form = ObjectiveForm(request.POST)
    if form.is_valid():
        facilitating = permissions.can_manage_community(request.user, community)
        services.objective_propose(community=community, by=request.user, text=form.cleaned_data["text"], accept=facilitating)
        messages.success(request, _("Objective added.") if facilitating else _("Objective proposed to the facilitators."))
    else:
        messages.error(request, _("Write the objective in 300 characters at most."))
    return redirect(community)


@login_required
@require_POST
def decide_objective(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_change_community)
    objective = get_object_or_404(LearningObjective, pk=pk, community=community)
    try:
        services.objective_decide(objective=objective, by=request.user, accept=request.POST.get("decision") == "accept")
    except ValidationError as error:
        _error_messages(request, error)
    return redirect(community)


# --- Management ------------------------------------------------------------------------------------------


# The member table's columns, each sortable: quiet members come first by "last activity".
_NEVER = datetime.min.replace(tzinfo=UTC)
MEMBER_SORTS = {
    "name": lambda m: m.user.display_name.casefold(),
    "joined": lambda m: m.joined_at or _NEVER,
    "activity": lambda m: m.last_activity or _NEVER,
    "organisation": lambda m: (m.user.organisation.casefold() or "\uffff", m.user.display_name.casefold()),
    "country": lambda m: (str(m.user.country.name) if m.user.country else "\uffff", m.user.display_name.casefold()),
}
MEMBER_SORT_LABELS = [
    ("name", _lazy("Name")),
    ("joined", _lazy("Joined")),
    ("activity", _lazy("Last activity here")),
    ("organisation", _lazy("Organisation")),
    ("country", _lazy("Country")),
]


def _member_sort(request):
    """``?sort=activity`` (oldest first: the quiet members) or ``?sort=-activity``; by name otherwise."""
    value = request.GET.get("sort", "name")
    key = value.removeprefix("-")
    if key not in MEMBER_SORTS:
        return "name", False
    return key, value.startswith("-")


@login_required
def manage(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_community)
    memberships = community.memberships.select_related("user").order_by("user__display_name")
    by_status = {status: [] for status in Membership.Status.values}
    for membership in memberships.exclude(status=Membership.Status.WAITLISTED):
        by_status[membership.status].append(membership)
    sort, descending = _member_sort(request)
    activity = registry.last_activity(community)
    for membership in by_status["active"]:
        membership.last_activity = activity.get(membership.user_id)
    by_status["active"].sort(key=MEMBER_SORTS[sort], reverse=descending)
    # Numbered in the order people are promoted.
    waitlist = list(community.memberships.waiting_list().select_related("user"))
    is_full = community.capacity is not None and len(by_status["active"]) >= community.capacity
    return render(
        request,
        "communities/community_manage.html",
        {
            "community": community,
            "requests": by_status["requested"],
            "waitlist": waitlist,
            # Admitting out of turn into a full community raises the capacity to this.
            "capacity_after_admitting": len(by_status["active"]) + 1 if is_full else None,
            "active": by_status["active"],
            "sort": sort,
            "descending": descending,
            "sort_columns": [(key, label, key == sort) for key, label in MEMBER_SORT_LABELS],
            "invitations": community.invitations.filter(status=Invitation.Status.PENDING).select_related("invited_by"),
            "interests": community.interests.filter(unsubscribed_at__isnull=True),
            "proposed_objectives": community.objectives.filter(status=LearningObjective.Status.PROPOSED).select_related("proposed_by"),
            "invitation_form": InvitationForm(),
            "decision_form": DecisionForm(),
            "may_change": permissions.can_change_community(request.user, community),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_community)
    form = CommunityForm(request.POST or None, instance=community, initial={"themes": community.themes.all()})
    if request.method == "POST" and form.is_valid():
        fields, themes = form.service_fields()
        try:
            services.community_update(community=community, by=request.user, themes=themes, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("communities:manage", slug=community.slug)
    return render(request, "communities/community_form.html", {"form": form, "community": community})


def _membership(community, pk):
    return get_object_or_404(Membership.objects.select_related("user", "community"), pk=pk, community=community)


@login_required
@require_POST
def decide_request(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_community)
    membership = _membership(community, pk)
    form = DecisionForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    approve = request.POST.get("decision") == "approve"
    try:
        if approve:
            membership = services.membership_approve(membership=membership, by=request.user, message=message)
        else:
            services.membership_decline(membership=membership, by=request.user, message=message)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        if not approve:
            text = _("%(name)s’s request was declined.")
        elif membership.status == Membership.Status.WAITLISTED:
            text = _("The community is full: %(name)s is on the waiting list.")
        else:
            text = _("%(name)s is now a member.")
        messages.success(request, text % {"name": membership.user.display_name})
    return redirect("communities:manage", slug=community.slug)


@login_required
@require_POST
def admit_from_waiting_list(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_community)
    membership = _membership(community, pk)
    old_capacity = community.capacity
    try:
        membership = services.membership_admit_from_waiting_list(membership=membership, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        name = membership.user.display_name
        if membership.community.capacity != old_capacity:
            text = _("%(name)s is now a member. The capacity was raised to %(capacity)s.") % {
                "name": name, "capacity": membership.community.capacity,
            }
        else:
            text = _("%(name)s is now a member.") % {"name": name}
        messages.success(request, text)
    return redirect("communities:manage", slug=community.slug)


@login_required
@require_POST
def change_role(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_community)
    membership = _membership(community, pk)
    try:
        services.membership_set_role(membership=membership, role=request.POST.get("role", ""), by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("Role changed."))
    return redirect("communities:manage", slug=community.slug)


@login_required
@require_http_methods(["GET", "POST"])
def remove_member(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_community)
    membership = _membership(community, pk)
    form = RemoveMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_remove(membership=membership, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("%(name)s was removed from the community.") % {"name": membership.user.display_name})
        return redirect("communities:manage", slug=community.slug)
    return render(request, "communities/membership_remove_confirm.html", {"community": community, "membership": membership, "form": form})


@login_required
@require_POST
def invite(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_community)
    if community.is_closed:
        messages.error(request, _("This community is closed and no longer takes new members."))
        return redirect("communities:manage", slug=community.slug)
    form = InvitationForm(request.POST, request.FILES)
    report = plan = None
    if form.is_valid():
        rows = form.cleaned_data["rows"]
        plan = services.invitations_plan(community=community, rows=rows)
        if plan.fills_community and "confirm_waitlist" not in request.POST:
            # Warn first; the same list, file included, waits in the form for confirmation.
            form = InvitationForm(initial=form.kept())
        else:
            plan = None
            try:
                report = services.invitations_send(community=community, by=request.user, rows=rows)
            except ValidationError as error:
                form.add_error(None, error)
    return render(
        request,
        "communities/invitation_report.html",
        {
            "community": community,
            "form": form,
            "report": report,
            "invited_count": sum(line.is_ok for line in report or []),
            "capacity_warning": plan,
        },
        status=200 if report is not None or plan is not None else 400,
    )


@login_required
@require_POST
def revoke_invitation(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_community)
    invitation = get_object_or_404(Invitation, pk=pk, community=community)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
    return redirect("communities:manage", slug=community.slug)


# --- People across my communities ---------------------------------------------------------------------------


@login_required
def people_search(request):
    """“Who knows about X”: co-members of my communities by expertise, organisation or bio."""
    form = PeopleSearchForm(request.GET or None)
    people = None
    if form.is_valid():
        q = form.cleaned_data["q"]
        my_communities = Community.objects.of_member(request.user)
        people = (
            User.objects.filter(pk__in=permissions.co_member_ids(request.user))
            .exclude(pk=request.user.pk)
            .filter(Q(expertise__name__icontains=q) | Q(organisation__icontains=q) | Q(bio__icontains=q))
            .distinct()
            .prefetch_related(
                "expertise",
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.active().filter(community__in=my_communities).select_related("community"),
                    to_attr="shared_memberships",
                ),
            )
            .order_by("display_name")[:50]
        )
    return render(request, "communities/people_search.html", {"form": form, "people": people})


