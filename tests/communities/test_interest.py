"""Visitors follow a forming community by email and can stop with one click."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from communities import services
from communities.models import Interest, LearningExperienceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def forming(facilitator):
    return services.community_create(by=facilitator, name="Development practitioners Egypt", status="forming")


def test_visitor_follows_and_is_told_once_when_it_opens(client, forming, facilitator, mailoutbox, django_capture_on_commit_callbacks):
    response = client.post(reverse("communities:interest", args=[forming.slug]), {"email": "salma@example.org"}, follow=True)
    assert "We will write to you when this community opens." in response.content.decode()
    client.post(reverse("communities:interest", args=[forming.slug]), {"email": "SALMA@example.org"})
    assert Interest.objects.count() == 1
    client.force_login(facilitator)
    assert "salma@example.org" in client.get(reverse("communities:manage", args=[forming.slug])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.community_update(community=forming, by=facilitator, status="active")
        services.community_update(community=forming, by=facilitator, status="active")
    assert [m.to for m in mailoutbox] == [["salma@example.org"]]
    assert mailoutbox[0].extra_headers["List-Unsubscribe"].startswith("<http")


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
