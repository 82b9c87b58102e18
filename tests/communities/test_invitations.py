"""Invitations: by list or CSV, line-by-line report, sign-up through the link."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from communities import services
from communities.models import Invitation, Membership, Notification, NotificationKind, User

pytestmark = pytest.mark.django_db

CSV = (
    "name,email\n"
    "Aminata Diallo,aminata@example.org\n"
    "Bad Line,not-an-address\n"
    "Aminata again,AMINATA@example.org\n"
    "{member_name},{member_email}\n"
    "\n"
    "Jean Habimana,<jean@example.org>\n"
)


def test_csv_upload_reports_every_line_and_invites_the_good_ones(client, community, facilitator, member, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(facilitator)
    upload = SimpleUploadedFile(
        "cohort.csv", CSV.format(member_name=member.display_name, member_email=member.email).encode(), "text/csv"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("communities:invite", args=[community.slug]), {"csv_file": upload})
    report = {line.text: line.outcome for line in response.context["report"]}
    assert report == {
        "aminata@example.org": "invited",
        "Bad Line, not-an-address": "malformed",
        "AMINATA@example.org": "duplicate",
        member.email: "member",
        "jean@example.org": "invited",
    }
    assert "2 invitations sent." in response.content.decode()
    assert sorted(community.invitations.values_list("email", flat=True)) == ["aminata@example.org", "jean@example.org"]
    assert sorted(m.to[0] for m in mailoutbox) == ["aminata@example.org", "jean@example.org"]
    # Sending the same list again reports them as already invited.
    report = services.invitations_send(community=community, by=facilitator, text="jean@example.org")
    assert [line.outcome for line in report] == ["pending"]


def test_more_than_500_addresses_are_refused(community, facilitator):
    text = "\n".join(f"p{n}@example.org" for n in range(501))
    with pytest.raises(Exception, match="At most 500"):
        services.invitations_send(community=community, by=facilitator, text=text)
    assert not community.invitations.exists()


def test_existing_user_gets_an_in_app_invitation_and_accepts_from_the_dashboard(client, community, facilitator, invitee):
    assert Notification.objects.filter(recipient=invitee, kind=NotificationKind.INVITATION_RECEIVED).exists()
    client.force_login(invitee)
    page = client.get("/").content.decode()
    assert "invites you to join CAP Agroécologie" in page
    token = re.search(r'action="/invitations/([^/]+)/"', page).group(1)
    response = client.post(reverse("invitations:respond", args=[token]), {"decision": "accept"})
    assert response.status_code == 302 and response["Location"] == community.get_absolute_url()
    assert Membership.objects.get(user=invitee, community=community).is_active
    assert Invitation.objects.get(email=invitee.email).status == Invitation.Status.ACCEPTED


def test_unknown_address_signs_up_through_the_link_verified_and_lands_in_the_community(client, community, facilitator, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(community=community, by=facilitator, text="newcomer@example.org")
    link = re.search(r"https?://[^/\s]+(/invitations/\S+/)", mailoutbox[0].body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    signup_url = page.context["signup_url"]
    response = client.post(
        signup_url,
        {"display_name": "Nouvelle Personne", "email": "newcomer@example.org", "password1": "a-long-pass-phrase-1",
         "password2": "a-long-pass-phrase-1", "timezone": "Africa/Kigali"},
    )
    assert response.status_code == 302 and response["Location"] == community.get_absolute_url()
    user = User.objects.get(email="newcomer@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert Membership.objects.get(user=user, community=community).is_active
    assert "You are a member." in client.get(community.get_absolute_url()).content.decode()


def test_forged_expired_and_revoked_invitations_do_nothing(client, community, facilitator, invitee):
    client.force_login(invitee)
    assert client.get(reverse("invitations:respond", args=["forged-token"])).status_code == 404
    invitation = Invitation.objects.get(email=invitee.email)
    token = services.invitation_token(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=31), expires_at=timezone.now() - timedelta(days=1)
    )
    response = client.post(reverse("invitations:respond", args=[token]), {"decision": "accept"}, follow=True)
    assert "no longer valid" in response.content.decode()
    assert not Membership.objects.filter(user=invitee, community=community).exists()


def test_facilitator_revokes_an_invitation(client, community, facilitator, invitee):
    invitation = Invitation.objects.get(email=invitee.email)
    client.force_login(facilitator)
    client.post(reverse("communities:revoke-invitation", args=[community.slug, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    client.force_login(invitee)
    response = client.post(reverse("invitations:respond", args=[services.invitation_token(invitation)]), {"decision": "accept"})
    assert response.status_code == 200
    assert not Membership.objects.filter(user=invitee, community=community).exists()
