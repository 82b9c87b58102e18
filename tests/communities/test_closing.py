"""Closing a community: asked to confirm; what was pending is withdrawn and people are told;
a closed (or dormant) community says what that means."""

import pytest
from django.urls import reverse

from communities import services
from communities.models import Invitation, Membership, Notification, NotificationKind
from communities.permissions import can_leave

pytestmark = pytest.mark.django_db


def settings_data(client, community, **changes):
    form = client.get(reverse("communities:settings", args=[community.slug])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(themes=[], working_languages=[], countries=[], **changes)
    return data


def test_closing_asks_for_confirmation_and_loses_nothing_typed(client, community, facilitator):
    client.force_login(facilitator)
    url = reverse("communities:settings", args=[community.slug])
    data = settings_data(client, community, status="closed", tagline="Ten years of shared practice")
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tick the box to confirm that you want to close this community." in page
    assert 'value="Ten years of shared practice"' in page
    community.refresh_from_db()
    assert community.status != "closed"
    response = client.post(url, {**data, "confirm_close": "on"})
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.status == "closed" and community.tagline == "Ten years of shared practice"


def test_other_changes_ask_no_confirmation(client, community, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("communities:settings", args=[community.slug]), settings_data(client, community, status="dormant")
    )
    assert response.status_code == 302


def test_closing_withdraws_invitations_and_requests_and_tells_each_person(
    community, facilitator, member, requester, invitee, mailoutbox, django_capture_on_commit_callbacks
):
    services.invitations_send(community=community, by=facilitator, text="newcomer@example.org")
    waiting = services.membership_join(community=community, user=type(member).objects.create_user("w@example.org"))
    Membership.objects.filter(pk=waiting.pk).update(status=Membership.Status.WAITLISTED)
    Notification.objects.all().delete()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.community_update(community=community, by=facilitator, status="closed")

    assert not community.invitations.filter(status=Invitation.Status.PENDING).exists()
    assert set(community.memberships.values_list("status", flat=True)) == {"active", "declined"}
    assert Membership.objects.get(user=member, community=community).status == "active", "members stay on the record"
    told = {(n.recipient.email, n.kind) for n in Notification.objects.select_related("recipient")}
    assert told == {
        (invitee.email, NotificationKind.INVITATION_WITHDRAWN),
        (requester.email, NotificationKind.REQUEST_DECIDED),
        ("w@example.org", NotificationKind.REQUEST_DECIDED),
    }
    mail = {m.to[0]: m for m in mailoutbox}
    assert set(mail) == {invitee.email, "newcomer@example.org", requester.email, "w@example.org"}
    assert "the community has closed" in mail["newcomer@example.org"].body
    assert "declined: the community has closed" in mail[requester.email].body


def test_a_closed_community_offers_no_join_or_leave(client, facilitator, member, community):
    services.community_update(community=community, by=facilitator, join_policy="open", visibility="public")
    services.community_update(community=community, by=facilitator, status="closed")
    assert not can_leave(member, community)
    client.force_login(member)
    page = client.get(community.get_absolute_url()).content.decode()
    assert "Leave this community" not in page
    assert "Closed: this community has ended." in page
    client.force_login(type(member).objects.create_user("visitor@example.org"))
    page = client.get(community.get_absolute_url()).content.decode()
    assert "Join this community" not in page and "nobody joins or leaves it any more" in page
    response = client.post(reverse("communities:leave", args=[community.slug]))
    assert Membership.objects.get(user=member, community=community).status == "active"
    assert response.status_code == 302


def test_a_dormant_community_says_what_that_means(client, community, facilitator):
    services.community_update(community=community, by=facilitator, status="dormant")
    client.force_login(facilitator)
    page = client.get(community.get_absolute_url()).content.decode()
    assert "Dormant: nothing is planned for now." in page
