"""Programmes in the browser: who may create, manage, add communities, answer an invitation and
see a programme (the persona matrix), phases, the session form's programme and phase, and
what a private community in a programme shows outsiders."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community, Notification, PlatformSettings
from communities.services import community_create, facilitators_group
from sessions import permissions
from sessions.models import Phase, Programme, ProgrammeInvitation, Session
from sessions.notifications import ProgrammeNotificationKind
from sessions.services import programmes as services
from sessions.times import naive_local

from ..conftest import PERSONAS, verified
from ..factories import UserFactory
from .conftest import in_days

pytestmark = pytest.mark.django_db

ALLOW, LOGIN, DENY = 200, "login", 403
TAGLINE = "Partager nos pratiques"  # the private community's tagline
PRIVATE_SESSION = "Co-développement : impliquer les parties prenantes"


def check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected


def public_community():
    return Community.objects.get(name="Urban transport Mediterranean")


@pytest.fixture
def programme(community, facilitator):
    """The facilitator's programme, with her private community in it."""
    programme = services.programme_create(by=facilitator, name="Climate learning 2026", description="Five CAPs.")
    services.programme_community_add(programme=programme, community=community, by=facilitator)
    return programme


@pytest.fixture
def phases(programme, facilitator):
    return [
        services.phase_create(programme=programme, by=facilitator, name="Virtual sessions"),
        services.phase_create(programme=programme, by=facilitator, name="Face-to-face week in Thiès"),
    ]


def in_facilitators_group(user):
    user.groups.add(facilitators_group())
    return user


# --- Who may create ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_people_allowed_to_create_communities_may_create_programmes(client, as_persona, persona):
    user = as_persona(persona)
    response = client.post(reverse("programmes:create"), {"name": "Climate learning 2026", "description": ""})
    allowed = persona == "staff"
    check(response, 302 if allowed else {"anonymous": LOGIN}.get(persona, DENY))
    programme = Programme.objects.filter(name="Climate learning 2026").first()
    assert (programme is not None) == allowed
    if allowed:
        assert list(programme.managers.all()) == [user]


def test_a_facilitator_in_the_facilitators_group_creates_a_programme_and_manages_it(client, facilitator):
    client.force_login(in_facilitators_group(facilitator))
    assert client.get(reverse("programmes:list")).content.decode().count(reverse("programmes:create")) == 1
    response = client.post(
        reverse("programmes:create"), {"name": "  Climate   learning 2026 ", "description": "Five CAPs."}
    )
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("programmes:manage", args=[programme.slug])
    assert programme.name == "Climate learning 2026" and programme.slug == "climate-learning-2026"
    assert list(programme.managers.all()) == [facilitator] and programme.created_by == facilitator


def test_the_site_setting_lets_anyone_signed_in_create_a_programme(client, outsider):
    PlatformSettings.objects.update_or_create(pk=1, defaults={"anyone_can_create_communities": True})
    client.force_login(outsider)
    assert client.post(reverse("programmes:create"), {"name": "Open programme"}).status_code == 302
    assert Programme.objects.get().managers.get() == outsider


def test_a_programme_without_a_name_is_refused_with_a_message(client, staff):
    client.force_login(staff)
    response = client.post(reverse("programmes:create"), {"name": "   "})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not Programme.objects.exists()


def test_a_programme_called_new_gets_another_address(staff):
    programme = services.programme_create(by=staff, name="New")
    assert programme.slug == "new-2"


# --- Who may see ---------------------------------------------------------------------------------

# The programme holds only the private community: its members, its facilitator (the
# manager) and platform admins see it; nobody else even finds it in the list.
SEES_PRIVATE_PROGRAMME = {"member", "facilitator", "staff"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_programme_of_a_private_community_is_seen_by_its_members_managers_and_staff(
    client, as_persona, programme, persona
):
    as_persona(persona)
    sees = persona in SEES_PRIVATE_PROGRAMME
    check(client.get(programme.get_absolute_url()), ALLOW if sees else {"anonymous": LOGIN}.get(persona, DENY))
    listing = client.get(reverse("programmes:list"))
    assert listing.status_code == 200
    assert (programme.get_absolute_url() in listing.content.decode()) == sees


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_private_community_in_a_programme_shows_outsiders_only_its_name(
    client, as_persona, programme, community, facilitator, other_facilitator, schedule, persona
):
    """With a public community in it, everyone sees the programme; the private community's
    tagline and sessions stay with its members."""
    public = public_community()
    services.programme_community_add(programme=programme, community=public, by=staff_user())
    schedule(programme=programme)
    schedule(community=public, title="Transport data inventory", programme=programme)
    as_persona(persona)

    page = client.get(programme.get_absolute_url())

    assert page.status_code == 200
    html = page.content.decode()
    assert community.name in html and public.name in html
    assert "Transport data inventory" in html
    reads_private = persona in SEES_PRIVATE_PROGRAMME
    assert (TAGLINE in html) == reads_private
    assert (PRIVATE_SESSION in html) == reads_private
    assert ("A private community: its content is for members." in html) == (not reads_private)


def staff_user():
    return verified(UserFactory(is_staff=True, is_superuser=True))


def test_anonymous_visitors_see_programmes_of_public_communities(client, other_facilitator):
    programme = services.programme_create(by=other_facilitator, name="Mediterranean mobility")
    services.programme_community_add(programme=programme, community=public_community(), by=other_facilitator)
    assert client.get(programme.get_absolute_url()).status_code == 200
    assert programme.get_absolute_url() in client.get(reverse("programmes:list")).content.decode()


def test_a_manager_sees_her_programme_before_any_community_joins(client, outsider, other_person):
    programme = services.programme_create(by=outsider, name="Not started yet")
    client.force_login(outsider)
    assert client.get(programme.get_absolute_url()).status_code == 200
    client.force_login(other_person)
    assert client.get(programme.get_absolute_url()).status_code == 403
    assert permissions.can_view_programme(outsider, programme) and not permissions.can_view_programme(
        other_person, programme
    )


def test_the_list_is_empty_with_a_message(client):
    assert "No public programme yet." in client.get(reverse("programmes:list")).content.decode()


def test_an_unknown_programme_is_404(client):
    assert client.get(reverse("programmes:detail", args=["nothing-here"])).status_code == 404


# --- Who may manage ------------------------------------------------------------------------------

MANAGES = {"facilitator", "staff"}  # the creator (the community's facilitator) and platform admins


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_managers_and_platform_admins_manage_a_programme(client, as_persona, programme, persona):
    as_persona(persona)
    expected = ALLOW if persona in MANAGES else {"anonymous": LOGIN}.get(persona, DENY)
    check(client.get(reverse("programmes:manage", args=[programme.slug])), expected)
    check(client.get(reverse("programmes:create-phase", args=[programme.slug])), expected)
    response = client.post(reverse("programmes:manage", args=[programme.slug]), {"name": "Renamed", "description": ""})
    check(response, 302 if persona in MANAGES else expected)
    programme.refresh_from_db()
    assert (programme.name == "Renamed") == (persona in MANAGES)
    assert programme.slug == "climate-learning-2026"  # links already sent keep working


def test_platform_admins_without_superuser_manage_any_programme(client, programme, platform_admin):
    client.force_login(platform_admin)
    assert client.get(reverse("programmes:manage", args=[programme.slug])).status_code == 200


# --- Who may attach a community ------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_adding_another_facilitators_community(client, as_persona, programme, other_facilitator, persona):
    """The manager may only invite a community she does not facilitate; platform admins add it."""
    public = public_community()
    as_persona(persona)
    response = client.post(reverse("programmes:add-community", args=[programme.slug]), {"community": public.pk})
    check(response, 302 if persona in MANAGES else {"anonymous": LOGIN}.get(persona, DENY))
    attached = programme.communities.filter(pk=public.pk).exists()
    invited = ProgrammeInvitation.objects.filter(programme=programme, community=public, status="pending").exists()
    assert attached == (persona == "staff")
    assert invited == (persona == "facilitator")


def test_a_manager_adds_a_community_she_facilitates_at_once(client, programme, facilitator):
    second = community_create(by=facilitator, name="CAP Agroforesterie", visibility="public")
    client.force_login(facilitator)
    response = client.post(
        reverse("programmes:add-community", args=[programme.slug]), {"community": second.pk}, follow=True
    )
    assert "CAP Agroforesterie is now part of the programme." in response.content.decode()
    assert programme.communities.filter(pk=second.pk).exists()
    assert not ProgrammeInvitation.objects.exists()


def test_the_add_form_groups_her_communities_apart_from_those_she_invites(
    client, programme, facilitator, other_facilitator
):
    community_create(by=facilitator, name="CAP Agroforesterie", visibility="public")
    client.force_login(facilitator)
    html = client.get(reverse("programmes:manage", args=[programme.slug])).content.decode()
    mine, others = html.split('label="Communities you facilitate"')[1].split('label="Other communities (invited)"')
    assert "CAP Agroforesterie" in mine and "Urban transport Mediterranean" not in mine
    assert "Urban transport Mediterranean" in others.split("</select>")[0]


def test_a_community_already_in_or_already_invited_is_refused_with_a_message(
    client, programme, community, facilitator, other_facilitator
):
    public = public_community()
    client.force_login(facilitator)
    url = reverse("programmes:add-community", args=[programme.slug])
    client.post(url, {"community": public.pk})
    again = client.post(url, {"community": public.pk})
    assert again.status_code == 400
    assert "This community has already been invited; its facilitators will answer." in again.content.decode()
    with pytest.raises(ValidationError):
        services.programme_community_add(programme=programme, community=community, by=facilitator)
    assert client.post(url, {"community": "not a number"}).status_code == 400
    assert ProgrammeInvitation.objects.count() == 1


# --- Who may accept an invitation ----------------------------------------------------------------


@pytest.fixture
def invitation(programme, facilitator, other_facilitator):
    _outcome, invitation = services.programme_community_add(
        programme=programme, community=public_community(), by=facilitator
    )
    return invitation


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_invited_communitys_facilitators_accept(client, as_persona, invitation, persona):
    as_persona(persona)
    response = client.post(invitation.get_absolute_url(), {"decision": "accept"})
    answers = persona in ("other_facilitator", "staff")
    check(response, 302 if answers else {"anonymous": LOGIN}.get(persona, DENY))
    invitation.refresh_from_db()
    assert (invitation.status == "accepted") == answers
    assert invitation.programme.communities.filter(pk=invitation.community_id).exists() == answers


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_invitation_page_is_for_the_community_facilitators_and_the_managers(
    client, as_persona, invitation, persona
):
    as_persona(persona)
    sees = persona in ("other_facilitator", "facilitator", "staff")
    response = client.get(invitation.get_absolute_url())
    check(response, ALLOW if sees else {"anonymous": LOGIN}.get(persona, DENY))
    if sees:
        offers_answer = "Accept: join the programme" in response.content.decode()
        assert offers_answer == (persona in ("other_facilitator", "staff"))


def test_the_invited_facilitators_are_told_and_the_managers_hear_the_answer(
    client, programme, facilitator, other_facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _outcome, invitation = services.programme_community_add(
            programme=programme, community=public_community(), by=facilitator
        )
    notification = Notification.objects.get(recipient=other_facilitator, kind=ProgrammeNotificationKind.INVITATION)
    assert notification.url == invitation.get_absolute_url()
    (message,) = mailoutbox
    assert message.to == [other_facilitator.email]
    assert message.subject == "Urban transport Mediterranean is invited to join the programme “Climate learning 2026”"
    assert invitation.get_absolute_url() in message.body

    client.force_login(other_facilitator)
    page = client.get("/notifications/").content.decode()
    assert (
        "Fatou Facilitator invites Urban transport Mediterranean to join the programme “Climate learning 2026”." in page
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invitation.get_absolute_url(), {"decision": "decline"})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=facilitator, kind=ProgrammeNotificationKind.DECLINED).exists()
    assert mailoutbox[-1].to == [facilitator.email]
    assert "declined" in mailoutbox[-1].subject
    assert not programme.communities.filter(name="Urban transport Mediterranean").exists()
    # Answered once: a second answer changes nothing.
    client.post(invitation.get_absolute_url(), {"decision": "accept"})
    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_an_invitation_answered_twice_at_once_is_answered_once(invitation, other_facilitator, staff):
    services.programme_invitation_answer(invitation=invitation, by=other_facilitator, accept=True)
    with pytest.raises(ValidationError):
        services.programme_invitation_answer(invitation=invitation, by=staff, accept=False)
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.decided_by == other_facilitator


# --- Taking a community out, managers ------------------------------------------------------------


def test_taking_a_community_out_asks_first_and_its_sessions_leave_the_programme(
    client, programme, phases, facilitator, schedule
):
    session = schedule(programme=programme, phase=phases[0])
    client.force_login(facilitator)
    community = programme.communities.get()
    url = reverse("programmes:remove-community", args=[programme.slug, community.pk])
    assert "Take CAP Agroécologie out of" in client.get(url).content.decode()
    assert programme.communities.exists()
    client.post(url)
    assert not programme.communities.exists()
    session.refresh_from_db()
    assert session.programme is None and session.phase is None


def test_a_communitys_facilitator_takes_it_out_of_someone_elses_programme(
    client, invitation, other_facilitator, outsider
):
    services.programme_invitation_answer(invitation=invitation, by=other_facilitator, accept=True)
    programme, public = invitation.programme, invitation.community
    url = reverse("programmes:remove-community", args=[programme.slug, public.pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 403
    client.force_login(other_facilitator)
    assert client.post(url).status_code == 302
    assert not programme.communities.filter(pk=public.pk).exists()


def test_managers_are_chosen_among_the_facilitators_and_one_always_stays(
    client, invitation, facilitator, other_facilitator, outsider
):
    programme = invitation.programme
    client.force_login(facilitator)
    add = reverse("programmes:add-manager", args=[programme.slug])
    assert client.post(add, {"user": other_facilitator.pk}).status_code == 400  # not yet a facilitator of the programme
    assert client.post(add, {"user": outsider.pk}).status_code == 400
    services.programme_invitation_answer(invitation=invitation, by=other_facilitator, accept=True)
    assert client.post(add, {"user": other_facilitator.pk}).status_code == 302
    assert set(programme.managers.all()) == {facilitator, other_facilitator}

    client.post(reverse("programmes:remove-manager", args=[programme.slug, facilitator.pk]))
    assert list(programme.managers.all()) == [other_facilitator]
    assert not permissions.can_manage_programme(facilitator, Programme.objects.get(pk=programme.pk))
    with pytest.raises(ValidationError, match="at least one manager"):
        services.programme_manager_remove(programme=programme, user=other_facilitator, by=other_facilitator)


# --- Phases --------------------------------------------------------------------------------------


def test_phases_are_added_in_order_and_their_names_are_unique(client, programme, facilitator):
    client.force_login(facilitator)
    url = reverse("programmes:create-phase", args=[programme.slug])
    assert 'value="1"' in client.get(url).content.decode()
    client.post(url, {"name": "Virtual sessions", "order": 1})
    assert 'value="2"' in client.get(url).content.decode()
    client.post(
        url, {"name": "Face-to-face week in Thiès", "order": 2, "starts_on": "2026-11-16", "ends_on": "2026-11-20"}
    )
    response = client.post(url, {"name": "virtual SESSIONS", "order": 3})
    assert "This programme already has a phase with this name." in response.content.decode()
    response = client.post(url, {"name": "Backwards", "order": 3, "starts_on": "2026-11-20", "ends_on": "2026-11-16"})
    assert "The end date must be on or after the start date." in response.content.decode()
    assert [(p.name, p.starts_on) for p in programme.phases.all()] == [
        ("Virtual sessions", None),
        ("Face-to-face week in Thiès", date(2026, 11, 16)),
    ]


def test_editing_a_phase(client, programme, phases, facilitator):
    client.force_login(facilitator)
    url = reverse("programmes:edit-phase", args=[programme.slug, phases[1].pk])
    client.post(url, {"name": "Week in Thiès", "order": 0})
    assert [p.name for p in programme.phases.all()] == ["Week in Thiès", "Virtual sessions"]


def test_deleting_a_phase_asks_first_and_keeps_its_sessions_in_the_programme(
    client, programme, phases, facilitator, schedule
):
    session = schedule(programme=programme, phase=phases[0])
    client.force_login(facilitator)
    url = reverse("programmes:delete-phase", args=[programme.slug, phases[0].pk])
    page = client.get(url).content.decode()
    assert "Delete the phase “Virtual sessions”?" in page and "Its sessions (1) are not deleted" in page
    assert Phase.objects.filter(pk=phases[0].pk).exists()
    client.post(url)
    assert not Phase.objects.filter(pk=phases[0].pk).exists()
    session.refresh_from_db()
    assert session.programme == programme and session.phase is None


def test_a_phase_of_another_programme_cannot_be_reached_through_this_one(client, programme, phases, staff):
    other = services.programme_create(by=staff, name="Other")
    client.force_login(staff)
    assert client.get(reverse("programmes:edit-phase", args=[other.slug, phases[0].pk])).status_code == 404


def test_the_programme_page_lists_phases_with_their_sessions_in_order(client, programme, phases, member, schedule):
    schedule(title="Week, day one", programme=programme, phase=phases[1], starts_at=in_days(30))
    schedule(title="Second virtual", programme=programme, phase=phases[0], starts_at=in_days(9))
    schedule(title="First virtual", programme=programme, phase=phases[0], starts_at=in_days(2))
    schedule(title="Unplaced", programme=programme, starts_at=in_days(3))
    schedule(title="Not in the programme", starts_at=in_days(4))
    client.force_login(member)
    html = client.get(programme.get_absolute_url()).content.decode()
    order = [
        "Virtual sessions",
        "First virtual",
        "Second virtual",
        "Face-to-face week in Thiès",
        "Week, day one",
        "Other sessions",
        "Unplaced",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Not in the programme" not in html


# --- The session form ----------------------------------------------------------------------------


def session_post(**fields):
    return {
        "title": "Peer assist",
        "technique": "peer_assist",
        "format": "virtual",
        "start": "2030-06-04T10:00",
        "end": "2030-06-04T12:00",
        "timezone": "Africa/Dakar",
        "video_link": "https://meet.example.org/a",
        **fields,
    }


def test_the_session_form_offers_the_communitys_programmes_and_their_phases(
    client, programme, phases, community, facilitator, staff
):
    elsewhere = services.programme_create(by=staff, name="Elsewhere")
    services.phase_create(programme=elsewhere, by=staff, name="Elsewhere phase")
    client.force_login(facilitator)
    html = client.get(reverse("meetings:create", args=[community.slug])).content.decode()
    assert 'name="programme"' in html and 'name="phase"' in html
    assert "Climate learning 2026" in html and '<optgroup label="Climate learning 2026">' in html
    assert "Face-to-face week in Thiès" in html
    assert "Elsewhere" not in html

    response = client.post(reverse("meetings:create", args=[community.slug]), session_post(phase=phases[1].pk))
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.programme == programme and session.phase == phases[1]  # the phase says which programme


def test_a_community_in_no_programme_is_offered_none(client, community, facilitator):
    client.force_login(facilitator)
    html = client.get(reverse("meetings:create", args=[community.slug])).content.decode()
    assert 'name="programme"' not in html and 'name="phase"' not in html


def test_a_phase_of_another_programme_is_refused_with_a_message(client, programme, phases, community, facilitator):
    second = services.programme_create(by=facilitator, name="Second programme")
    services.programme_community_add(programme=second, community=community, by=facilitator)
    client.force_login(facilitator)
    response = client.post(
        reverse("meetings:create", args=[community.slug]), session_post(programme=second.pk, phase=phases[0].pk)
    )
    assert response.status_code == 200
    assert "This phase belongs to the programme “Climate learning 2026”" in response.content.decode()
    assert not Session.objects.exists()


def test_a_phase_not_offered_is_refused_not_a_crash(client, programme, community, facilitator, staff):
    services.phase_create(programme=programme, by=facilitator, name="Ours")
    foreign = services.phase_create(
        programme=services.programme_create(by=staff, name="Foreign"), by=staff, name="Theirs"
    )
    client.force_login(facilitator)
    response = client.post(reverse("meetings:create", args=[community.slug]), session_post(phase=foreign.pk))
    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()
    assert not Session.objects.exists()


def test_the_model_refuses_a_phase_outside_the_sessions_programme(
    programme, phases, community, facilitator, schedule, staff
):
    foreign = services.programme_create(by=staff, name="Foreign")
    with pytest.raises(ValidationError, match="This phase belongs to another programme."):
        schedule(programme=foreign, phase=phases[0])
    with pytest.raises(ValidationError, match="This community is not part of that programme."):
        schedule(programme=foreign)


def test_editing_a_session_moves_it_into_a_phase_without_telling_the_members(
    client, programme, phases, community, facilitator, member, schedule, mailoutbox, django_capture_on_commit_callbacks
):
    session = schedule(programme=programme)
    mailoutbox.clear()
    client.force_login(facilitator)
    data = {
        "title": session.title,
        "guiding_question": session.guiding_question,
        "technique": session.technique,
        "format": session.format,
        "video_link": session.video_link,
        "timezone": session.timezone,
        "start": naive_local(session.starts_at, session.timezone).strftime("%Y-%m-%dT%H:%M"),
        "end": naive_local(session.ends_at, session.timezone).strftime("%Y-%m-%dT%H:%M"),
        "programme": programme.pk,
        "phase": phases[0].pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("meetings:edit", args=[community.slug, session.pk]), data).status_code == 302
    session.refresh_from_db()
    assert session.phase == phases[0] and session.sequence == 0
    assert mailoutbox == []
    client.force_login(member)
    assert "Virtual sessions" in client.get(session.get_absolute_url()).content.decode()


# --- A community's page links its programmes -----------------------------------------------------


def test_a_communitys_home_links_its_programmes(client, programme, community, member, outsider):
    client.force_login(member)
    html = client.get(community.get_absolute_url()).content.decode()
    assert f'href="{programme.get_absolute_url()}"' in html
    client.force_login(outsider)  # a private community: its home shows outsiders no activity
    assert programme.get_absolute_url() not in client.get(community.get_absolute_url()).content.decode()


# --- Query counts --------------------------------------------------------------------------------


def queries(client, address):
    client.get(address)
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context)


def test_the_list_costs_the_same_for_3_or_30_programmes(
    client, member, community, facilitator, django_assert_max_num_queries
):
    def add(count):
        for _n in range(count):
            programme = services.programme_create(by=facilitator, name=f"Programme {Programme.objects.count():02d}")
            services.programme_community_add(programme=programme, community=community, by=facilitator)

    client.force_login(member)
    add(3)
    few = queries(client, reverse("programmes:list"))
    add(27)
    many = queries(client, reverse("programmes:list"))
    assert few == many
    with django_assert_max_num_queries(12):
        client.get(reverse("programmes:list"))


def test_the_programme_page_costs_the_same_for_3_or_30_sessions_and_communities(
    client, programme, phases, facilitator, member, schedule, django_assert_max_num_queries
):
    def add(count):
        for n in range(count):
            target = community_create(by=facilitator, name=f"CAP {Community.objects.count():02d}", visibility="private")
            services.programme_community_add(programme=programme, community=target, by=facilitator)
            schedule(title=f"Session {n}", programme=programme, phase=phases[n % 2], starts_at=in_days(n + 1))

    client.force_login(member)
    add(3)
    few = queries(client, programme.get_absolute_url())
    add(27)
    many = queries(client, programme.get_absolute_url())
    assert few == many
    with django_assert_max_num_queries(14):
        client.get(programme.get_absolute_url())
