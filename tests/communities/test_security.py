"""The doors the security review found open, each shut at its root (issue: security fixes).

Every test here failed on the code before the fix: a forwarded invitation link, a link
that verified an address by being opened, the admin's unthrottled sign-in, staff status
acting as facilitator everywhere, raw formulas in the membership CSV, RSVPs kept by
people who left, and names readable by walking ``/people/<pk>/``.
"""

import csv
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities import permissions, services
from communities.models import Invitation, Membership, User
from communities.spreadsheets import FORMULA_STARTS, csv_writer, safe_cell
from sessions.models import Rsvp
from sessions.services import rsvp_set
from tests.factories import PASSWORD, UserFactory

from ..conftest import verified

pytestmark = pytest.mark.django_db


def invitation_link(invitee):
    return reverse("invitations:respond", args=[services.invitation_token(Invitation.objects.get(email=invitee.email))])


# --- 1. An invitation belongs to the address it was sent to --------------------------------------


def test_a_forwarded_invitation_link_lets_no_other_account_in(client, community, invitee, outsider):
    link = invitation_link(invitee)
    client.force_login(outsider)

    page = client.get(link)
    assert page.status_code == 403
    assert "This invitation is for someone else" in page.content.decode()
    assert "Accept and join" not in page.content.decode()
    assert client.post(link, {"decision": "accept"}).status_code == 403
    assert client.post(link, {"decision": "decline"}).status_code == 403

    assert not Membership.objects.filter(user=outsider, community=community).exists()
    invitation = Invitation.objects.get(email=invitee.email)
    assert invitation.status == Invitation.Status.PENDING and invitation.user == invitee

    client.force_login(invitee)  # the invitee's own link keeps working
    assert client.post(link, {"decision": "accept"}).status_code == 302
    assert Membership.objects.get(user=invitee, community=community).is_active


def test_the_service_refuses_an_invitation_for_someone_else(community, invitee, outsider):
    invitation = Invitation.objects.get(email=invitee.email)
    with pytest.raises(ValidationError, match="sent to someone else"):
        services.invitation_accept(invitation=invitation, user=outsider)
    with pytest.raises(ValidationError, match="sent to someone else"):
        services.invitation_decline(invitation=invitation, user=outsider)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_an_invitation_to_an_address_belongs_to_whoever_holds_it_verified(community, facilitator, outsider):
    services.invitations_send(community=community, by=facilitator, text="work.address@example.org")
    invitation = Invitation.objects.get(email="work.address@example.org")
    assert invitation.user is None
    assert not permissions.is_invitee(outsider, invitation)
    EmailAddress.objects.create(user=outsider, email="Work.Address@example.org", verified=False)
    assert not permissions.is_invitee(outsider, invitation)  # unverified: anybody can add an address
    EmailAddress.objects.filter(user=outsider, email__iexact="work.address@example.org").update(verified=True)
    assert permissions.is_invitee(outsider, invitation)
    services.invitation_accept(invitation=invitation, user=outsider)
    assert Membership.objects.get(user=outsider, community=community).is_active


# --- 2. Opening a link verifies nothing by itself ------------------------------------------------


SIGNUP = {"display_name": "Someone Else", "password1": "a-long-pass-phrase-1", "password2": "a-long-pass-phrase-1",
          "timezone": "Africa/Kigali"}


def _invite(community, facilitator, address):
    services.invitations_send(community=community, by=facilitator, text=address)
    invitation = Invitation.objects.get(email=address)
    return invitation, reverse("invitations:respond", args=[services.invitation_token(invitation)])


@pytest.mark.parametrize("status", [Invitation.Status.REVOKED, Invitation.Status.ACCEPTED, Invitation.Status.DECLINED])
def test_opening_a_used_or_revoked_link_then_signing_up_verifies_nothing(client, community, facilitator, status):
    invitation, link = _invite(community, facilitator, "victim@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(status=status)

    assert client.get(link).status_code == 200
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "victim@example.org"})

    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="victim@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert not Membership.objects.filter(user=user, community=community).exists()


def test_a_pending_link_does_not_verify_another_address_or_add_the_invited_one(client, community, facilitator):
    _invitation, link = _invite(community, facilitator, "invited@example.org")
    client.get(link)
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "holder.of.the.link@example.org"})

    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="holder.of.the.link@example.org")
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("holder.of.the.link@example.org", False)
    ]
    assert not EmailAddress.objects.filter(email="invited@example.org").exists()
    assert not Membership.objects.filter(user=user, community=community).exists()
    assert Invitation.objects.get(email="invited@example.org").status == Invitation.Status.PENDING


def test_the_invited_person_signing_up_through_a_pending_link_is_verified(client, community, facilitator):
    _invitation, link = _invite(community, facilitator, "invited@example.org")
    page = client.get(link)
    assert 'value="invited@example.org"' in client.get(page.context["signup_url"]).content.decode()  # prefilled
    response = client.post(page.context["signup_url"], {**SIGNUP, "email": "Invited@example.org"})
    assert response["Location"] == community.get_absolute_url()
    user = User.objects.get(email__iexact="invited@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert Membership.objects.get(user=user, community=community).is_active


# --- 3. The admin's sign-in is the site's, rate limits included ------------------------------------


def test_the_admin_sign_in_is_the_sites_rate_limited_one(client, staff):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    # Django's own form takes no password any more.
    response = client.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" not in client.session

    for _attempt in range(6):
        client.post(reverse("account_login"), {"login": staff.email, "password": "wrong-password"})
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session  # locked out, even with the right password
    assert response.status_code in (200, 429)
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_signed_in_non_staff_account_is_refused_at_the_admin_door(client, member):
    client.force_login(member)
    assert client.get(reverse("admin:index"), follow=True).status_code == 403


# --- 4. Staff status alone grants nothing in the pages --------------------------------------------


def test_staff_without_the_platform_admin_permission_is_an_outsider_in_the_pages(client, community, plain_staff):
    client.force_login(plain_staff)
    assert client.get(reverse("communities:manage", args=[community.slug])).status_code == 403
    assert client.get(reverse("communities:members", args=[community.slug])).status_code == 403
    assert community.charter not in client.get(community.get_absolute_url()).content.decode()
    assert not permissions.can_manage_community(plain_staff, community)
    assert not permissions.can_create_community(plain_staff)


def test_the_platform_admins_group_acts_site_wide(client, community, platform_admin):
    client.force_login(platform_admin)
    assert client.get(reverse("communities:manage", args=[community.slug])).status_code == 200
    assert community.charter in client.get(community.get_absolute_url()).content.decode()
    assert permissions.can_create_community(platform_admin)


def test_an_admin_action_needs_its_model_permission(client, community, requester, plain_staff):
    membership = Membership.objects.get(user=requester, community=community)
    plain_staff.user_permissions.add(Permission.objects.get(codename="view_membership"))
    client.force_login(plain_staff)
    changelist = reverse("admin:communities_membership_changelist")
    assert client.get(changelist).status_code == 200
    assert "Approve selected requests" not in client.get(changelist).content.decode()

    client.post(changelist, {"action": "approve", "_selected_action": [membership.pk]})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REQUESTED

    plain_staff.user_permissions.add(Permission.objects.get(codename="change_membership"))
    plain_staff = User.objects.get(pk=plain_staff.pk)  # a fresh permission cache
    client.force_login(plain_staff)
    client.post(changelist, {"action": "approve", "_selected_action": [membership.pk]})
    membership.refresh_from_db()
    assert membership.is_active


def test_every_admin_action_declares_its_permissions():
    for model, model_admin in admin.site._registry.items():
        for action in model_admin.actions or ():
            function = getattr(model_admin, action) if isinstance(action, str) else action
            assert getattr(function, "allowed_permissions", None), f"{model.__name__} admin: {action}"


# --- 5. One neutraliser for every CSV ----------------------------------------------------------


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_formula_starts_are_kept_as_text(start):
    assert safe_cell(f"{start}HYPERLINK(\"http://evil.example\")") == f"'{start}HYPERLINK(\"http://evil.example\")"
    out = io.StringIO()
    csv_writer(out).writerow([f"{start}1+1", "plain", 3, None, True])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [f"'{start}1+1", "plain", "3", "", "yes"]


def test_the_membership_export_writes_no_formula(client, community, facilitator, staff):
    person = verified(UserFactory(display_name='=HYPERLINK("http://evil.example","Click")', organisation="@SUM(A1)"))
    services.membership_approve(membership=services.membership_join(community=community, user=person), by=facilitator)
    client.force_login(staff)
    membership = Membership.objects.get(user=person)
    response = client.post(
        reverse("admin:communities_membership_changelist"), {"action": "export_csv", "_selected_action": [membership.pk]}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == "'=HYPERLINK(\"http://evil.example\",\"Click\")" and rows[1][3] == "'@SUM(A1)"


# --- 7. Leaving cancels the person's future RSVPs -----------------------------------------------


@pytest.fixture
def full_session(community, facilitator, member):
    from sessions.services import session_schedule
    from tests.meetings.conftest import in_days

    start = in_days(5)
    session = session_schedule(
        community=community, by=facilitator, title="Échange sur le compostage", starts_at=start,
        ends_at=start.replace(hour=start.hour + 1), timezone="Europe/Paris", format="virtual", capacity=1,
    )
    rsvp_set(session=session, user=member, response=Rsvp.Response.GOING)
    return session


@pytest.mark.parametrize("how", ["leave", "remove"])
def test_leaving_or_removal_cancels_future_rsvps_and_promotes_the_waiting_list(
    community, facilitator, member, full_session, how, django_capture_on_commit_callbacks, mailoutbox
):
    waiting = verified(UserFactory(display_name="Wally Waiting"))
    services.membership_approve(membership=services.membership_join(community=community, user=waiting), by=facilitator)
    assert rsvp_set(session=full_session, user=waiting, response=Rsvp.Response.GOING).is_waitlisted

    membership = Membership.objects.get(user=member, community=community)
    with django_capture_on_commit_callbacks(execute=True):
        if how == "leave":
            services.membership_leave(membership=membership)
        else:
            services.membership_remove(membership=membership, by=facilitator, reason="Left the organisation")

    assert not full_session.rsvps.filter(user=member).exists()
    assert not full_session.rsvps.get(user=waiting).is_waitlisted
    assert any(waiting.email in message.to for message in mailoutbox)


def test_a_past_answer_and_attendance_stay_when_someone_leaves(community, member, full_session):
    from datetime import timedelta

    from sessions.models import Session

    past_start = full_session.starts_at - timedelta(days=30)
    Session.objects.filter(pk=full_session.pk).update(starts_at=past_start, ends_at=past_start + timedelta(hours=1))
    services.membership_leave(membership=Membership.objects.get(user=member, community=community))
    assert full_session.rsvps.filter(user=member, response=Rsvp.Response.GOING).exists()


# --- 9. No enumeration, no names by walking ids ---------------------------------------------------


def test_signing_up_with_a_taken_address_looks_like_any_sign_up_and_tells_the_owner(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), {**SIGNUP, "email": person.email.upper()})
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [person.email]
    assert "already exists" in mailoutbox[0].body


def test_password_reset_answers_the_same_whether_or_not_an_account_exists(
    client, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("account_reset_password"), {"email": person.email})
        unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    assert [message.to for message in mailoutbox] == [[person.email], ["nobody@example.org"]]
    assert "no account" in mailoutbox[1].body


@pytest.mark.parametrize(
    "viewer, status",
    [("outsider", 404), ("plain_staff", 404), ("member", 200), ("facilitator", 200), ("platform_admin", 200), ("self", 200)],
)
def test_a_persons_page_is_for_people_who_share_a_community(client, request, member, viewer, status):
    reader = member if viewer == "self" else request.getfixturevalue(viewer)
    client.force_login(reader)
    response = client.get(reverse("people:detail", args=[member.pk]))
    assert response.status_code == status
    assert (member.display_name in response.content.decode()) == (status == 200)


def test_a_facilitator_sees_the_page_of_someone_asking_to_join(client, facilitator, requester, other_facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("people:detail", args=[requester.pk])).status_code == 200
    client.force_login(other_facilitator)  # facilitates another community
    assert client.get(reverse("people:detail", args=[requester.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_for_a_persons_page(client, member):
    response = client.get(reverse("people:detail", args=[member.pk]))
    assert response.status_code == 302 and re.match(reverse("account_login"), response["Location"])
