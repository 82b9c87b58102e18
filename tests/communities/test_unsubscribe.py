"""One-click unsubscribe from an email: no sign-in, a GET only asks, a POST (even a mail client's) stops."""

import copy
import time
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from communities.models import DigestFrequency, Membership
from communities.notifications import (
    DIGEST_TOPIC,
    UNSUBSCRIBE_SALT,
    UNSUBSCRIBE_VALID_FOR,
    digest_set,
    email_choices_of,
    email_choices_set,
    email_wanted,
    notify,
    unsubscribe_token,
)
from sessions.notifications import SessionNotificationKind

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


def url_for(person, topic):
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(person, topic)])


def one_click(url):
    """What a mail client does (RFC 8058): a POST with no cookie, no CSRF token, that body."""
    return Client(enforce_csrf_checks=True).post(url, ONE_CLICK, content_type="application/x-www-form-urlencoded")


def digest_of(person):
    person.refresh_from_db()
    return person.digest_frequency


@pytest.fixture
def daily_here(member, community):
    """The member's digest is weekly by default and daily in the community."""
    digest_set(user=member, frequency=DigestFrequency.WEEKLY)
    digest_set(user=member, frequency=DigestFrequency.DAILY, community=community)
    return member


def test_opening_the_link_asks_and_changes_nothing(client, daily_here, community):
    response = client.get(url_for(daily_here, DIGEST_TOPIC))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Stop these emails?" in content
    assert "the digest of what is new in your communities" in content
    assert '<form method="post">' in content
    assert digest_of(daily_here) == DigestFrequency.WEEKLY
    assert Membership.objects.get(user=daily_here, community=community).digest_frequency == DigestFrequency.DAILY


def test_one_click_stops_the_digest_everywhere(daily_here, community):
    response = one_click(url_for(daily_here, DIGEST_TOPIC))

    assert response.status_code == 200
    content = response.content.decode()
    assert "You are unsubscribed" in content
    assert f'href="{reverse("notifications:settings")}"' in content
    assert digest_of(daily_here) == DigestFrequency.OFF
    assert Membership.objects.get(user=daily_here, community=community).digest_frequency == ""


def test_one_click_stops_one_kind_of_email_everywhere(member, community):
    email_choices_set(user=member, choices={"reminders": True}, community=community)

    response = one_click(url_for(member, "reminders"))

    assert response.status_code == 200
    assert "Reminders before sessions" in response.content.decode()
    assert email_choices_of(member)["reminders"] is False
    assert email_choices_of(member, community)["reminders"] is None
    assert email_wanted([member], SessionNotificationKind.REMINDER, community) == set()
    assert email_choices_of(member)["mentions"] is True, "other emails keep coming"
    assert digest_of(member) == DigestFrequency.AUTO


def test_the_button_on_the_page_works_too(client, member):
    page = client.get(url_for(member, "mentions"))
    assert "Unsubscribe</button>" in page.content.decode()
    assert client.post(url_for(member, "mentions")).status_code == 200
    assert email_choices_of(member)["mentions"] is False


def test_unsubscribing_twice_is_harmless(member):
    url = url_for(member, DIGEST_TOPIC)
    assert one_click(url).status_code == 200
    assert one_click(url).status_code == 200
    assert digest_of(member) == DigestFrequency.OFF


def assert_refused(response):
    assert response.status_code == 400
    content = response.content.decode()
    assert "This link does not work" in content and "Nothing was changed." in content


def assert_nothing_changed(person):
    assert digest_of(person) == DigestFrequency.AUTO
    assert all(email_choices_of(person).values())


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_token_changes_nothing(client, member, method):
    assert_refused(getattr(client, method)(reverse("notifications:unsubscribe", args=["not-a-token"])))
    assert_nothing_changed(member)


def test_a_tampered_token_changes_nothing(member, other_person):
    token = unsubscribe_token(other_person, DIGEST_TOPIC)
    payload, signature = token.rsplit(":", 1)
    forged = signing.dumps({"u": member.pk, "t": DIGEST_TOPIC, "e": member.email}, salt="another-salt", compress=True)
    for bad in (f"{payload}:{signature[:-2]}xx", forged):
        assert_refused(one_click(reverse("notifications:unsubscribe", args=[bad])))
    assert_nothing_changed(member)
    assert_nothing_changed(other_person)


def test_a_token_for_an_unknown_topic_changes_nothing(member):
    token = signing.dumps({"u": member.pk, "t": "everything", "e": member.email}, salt=UNSUBSCRIBE_SALT, compress=True)
    assert_refused(one_click(reverse("notifications:unsubscribe", args=[token])))
    assert_nothing_changed(member)


def test_an_expired_token_changes_nothing(member):
    signed_at = time.time() - UNSUBSCRIBE_VALID_FOR.total_seconds() - timedelta(days=1).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        url = url_for(member, DIGEST_TOPIC)

    assert_refused(Client().get(url))
    assert_refused(one_click(url))
    assert_nothing_changed(member)


def test_a_token_still_works_shortly_before_it_expires(member):
    signed_at = time.time() - UNSUBSCRIBE_VALID_FOR.total_seconds() + timedelta(days=1).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        url = url_for(member, DIGEST_TOPIC)
    assert one_click(url).status_code == 200
    assert digest_of(member) == DigestFrequency.OFF


def test_a_token_for_an_address_since_changed_changes_nothing(member):
    url = url_for(member, DIGEST_TOPIC)
    member.email = "moussa.new@example.org"
    member.save(update_fields=["email"])

    assert_refused(one_click(url))
    assert_nothing_changed(member)


def test_a_token_of_a_deactivated_account_changes_nothing(member):
    url = url_for(member, DIGEST_TOPIC)
    type(member).objects.filter(pk=member.pk).update(is_active=False)
    assert_refused(one_click(url))
    assert_nothing_changed(member)


def test_only_get_and_post(client, member):
    assert client.put(url_for(member, DIGEST_TOPIC)).status_code == 405
    assert_nothing_changed(member)


# --- From a real email --------------------------------------------------------------------------


@pytest.fixture
def throwaway_email(settings, tmp_path):
    folder = tmp_path / "emails" / "tests"
    folder.mkdir(parents=True)
    (folder / "ping_subject.txt").write_text("Something happened")
    (folder / "ping_body.txt").write_text("Hello {{ recipient.display_name }}.")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    return "tests/ping"


def test_the_link_in_an_emails_headers_stops_that_kind(member, community, throwaway_email, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[member], kind=SessionNotificationKind.REMINDER, community=community,
               data={"session": "Compost"}, email_template=throwaway_email)
    (message,) = mailoutbox
    assert message.extra_headers["List-Unsubscribe-Post"] == ONE_CLICK
    link = message.extra_headers["List-Unsubscribe"].strip("<>")

    assert one_click(urlsplit(link).path).status_code == 200

    assert email_wanted([member], SessionNotificationKind.REMINDER, community) == set()
    assert email_choices_of(member)["new_sessions"] is True
