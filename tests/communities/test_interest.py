"""Visitors follow a forming community by email and can stop with one click."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from communities import services
from communities.models import Interest, LearningExperienceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def forming(facilitator):
    return services.community_create(by=facilitator, name="Development practitioners Egypt", status="forming")


def confirm_link(message):
    return re.search(r"http://\S+/communities/interest/confirm/\S+/", message.body).group(0)


def test_visitor_confirms_then_is_told_once_when_it_opens(
    client, forming, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("communities:interest", args=[forming.slug]), {"email": "salma@example.org"}, follow=True)
    assert "confirm your address with the link we have just sent you" in response.content.decode()
    (confirmation,) = mailoutbox
    assert confirmation.to == ["salma@example.org"] and "Confirm" in confirmation.subject
    link = confirm_link(confirmation)
    assert client.get(link).status_code == 200
    assert Interest.objects.get().confirmed_at is None, "a mail scanner opening the link confirms nothing"
    assert "Your address is confirmed" in client.post(link).content.decode()
    client.post(reverse("communities:interest", args=[forming.slug]), {"email": "SALMA@example.org"})
    assert Interest.objects.count() == 1
    client.force_login(facilitator)
    assert "salma@example.org" in client.get(reverse("communities:manage", args=[forming.slug])).content.decode()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.community_update(community=forming, by=facilitator, status="active")
        services.community_update(community=forming, by=facilitator, status="active")
    assert [m.to for m in mailoutbox] == [["salma@example.org"]]
    assert mailoutbox[0].extra_headers["List-Unsubscribe"].startswith("<http")


def test_an_unconfirmed_address_gets_nothing_but_the_confirmation(
    forming, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_register(community=forming, email="nabil@example.org", language="fr")
    assert [m.subject for m in mailoutbox] == ["Confirmez que vous voulez des nouvelles de Development practitioners Egypt"]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.community_update(community=forming, by=facilitator, status="active")
        assert services.interest_announce(community=forming, template="community/opened") == 0
    assert mailoutbox == []


def test_keep_me_posted_is_offered_on_every_public_community_that_is_not_closed(client, facilitator):
    active = services.community_create(by=facilitator, name="Urban transport", status="active")
    private = services.community_create(by=facilitator, name="Board", status="active", visibility="private")
    closed = services.community_create(by=facilitator, name="Old one", status="closed")
    assert "Keep me posted" in client.get(active.get_absolute_url()).content.decode()
    assert "Keep me posted" not in client.get(closed.get_absolute_url()).content.decode()
    assert services.interest_register(community=active, email="a@example.org", language="en").pk
    for community in (private, closed):
        with pytest.raises(ValidationError):
            services.interest_register(community=community, email="a@example.org", language="en")


def test_a_forged_or_stale_confirmation_link_confirms_nothing(client, forming):
    interest = services.interest_register(community=forming, email="karim@example.org", language="en")
    response = client.post(reverse("communities:interest-confirm", args=["not-a-token"]))
    assert response.status_code == 400
    interest.refresh_from_db()
    assert interest.confirmed_at is None


def test_unsubscribe_with_one_click_without_signing_in(client, forming):
    interest = services.interest_register(community=forming, email="karim@example.org", language="ar")
    token = services.interest_token(interest)
    url = reverse("communities:interest-unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    interest.refresh_from_db()
    assert interest.unsubscribed_at is None, "a link preview must not unsubscribe"
    response = client.post(url)
    assert "You no longer follow Development practitioners Egypt" in response.content.decode()
    interest.refresh_from_db()
    assert interest.unsubscribed_at is not None


def test_mail_client_unsubscribes_with_one_click_and_no_csrf_token(forming):
    """RFC 8058: the mail client POSTs ``List-Unsubscribe=One-Click``, with no cookie and no CSRF token."""
    interest = services.interest_register(community=forming, email="karim@example.org", language="en")
    url = reverse("communities:interest-unsubscribe", args=[services.interest_token(interest)])

    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    interest.refresh_from_db()
    assert interest.unsubscribed_at is not None


def test_forged_unsubscribe_token_changes_nothing(client, forming):
    interest = services.interest_register(community=forming, email="karim@example.org", language="en")
    response = client.post(reverse("communities:interest-unsubscribe", args=["not-a-token"]))
    assert response.status_code == 400
    interest.refresh_from_db()
    assert interest.unsubscribed_at is None


def test_bad_email_is_refused_with_a_message(client, forming):
    response = client.post(reverse("communities:interest", args=[forming.slug]), {"email": "nope"}, follow=True)
    assert "Enter a valid email address." in response.content.decode()
    assert not Interest.objects.exists()


def test_organisation_asks_to_run_a_learning_experience(client, staff):
    response = client.post(
        reverse("communities:request-learning-experience"),
        {"organisation": "Collective Routes", "contact_name": "Mona", "email": "mona@example.org",
         "experience_name": "CoP for development practitioners", "team_size": 12, "message": "For our field staff."},
    )
    assert response.status_code == 302
    client.force_login(staff)
    page = client.get(reverse("admin:communities_learningexperiencerequest_changelist")).content.decode()
    assert "Collective Routes" in page and LearningExperienceRequest.objects.count() == 1
    assert re.search("CoP for development practitioners", page)


def test_a_learning_experience_request_reaches_platform_admins_and_is_acknowledged(
    client, platform_admin, plain_staff, mailoutbox, django_capture_on_commit_callbacks
):
    from communities.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("communities:request-learning-experience"),
            {"organisation": "Collective Routes", "contact_name": "Mona", "email": "mona@example.org",
             "experience_name": "CoP for development practitioners", "team_size": 12, "message": "For our field staff."},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    (notification,) = Notification.objects.all()
    assert notification.recipient == platform_admin and "Collective Routes" in str(notification.data)
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {platform_admin.email, "mona@example.org"}
    assert "mona@example.org" in by_address[platform_admin.email].body
    acknowledgement = by_address["mona@example.org"]
    assert acknowledgement.subject == "Nous avons bien reçu votre demande d’expérience d’apprentissage"
    assert "For our field staff." in acknowledgement.body
    assert LearningExperienceRequest.objects.get().language == "fr"
