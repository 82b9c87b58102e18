"""Email settings: the person's defaults (digest, immediate emails) and each community's own choices."""

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import DigestFrequency, Membership
from communities.notifications import email_choices, email_choices_of, email_choices_set, email_wanted
from communities.services import membership_leave
from knowledge.notifications import KnowledgeNotificationKind
from sessions.notifications import SessionNotificationKind

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/notifications/settings/"
ALL_ON = {choice.key: "on" for choice in email_choices()}


def community_url(community):
    return reverse("notifications:community-settings", args=[community.slug])


def digest_of(person):
    person.refresh_from_db()
    return person.digest_frequency


def membership_digest(person, community):
    return Membership.objects.get(user=person, community=community).digest_frequency


# --- The person's defaults -------------------------------------------------------------------------


def test_urls_are_where_emails_point():
    assert reverse("notifications:settings") == SETTINGS_URL


@pytest.mark.parametrize("url", [SETTINGS_URL, "/notifications/settings/cap-agroecologie/"])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_defaults_are_the_automatic_digest_and_every_email(client, member):
    client.force_login(member)
    response = client.get(SETTINGS_URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert form["digest_frequency"].value() == DigestFrequency.AUTO
    assert all(field.value() is True for field in form.choice_fields())
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "<legend" in content and "How often do you want the digest?" in content
    assert "Daily during a community’s first month, then weekly" in content
    assert "about 08:00 in your time zone (Africa/Dakar)" in content
    assert f'href="{reverse("people:edit")}"' in content


def test_facilitators_choice_is_offered_to_facilitators_only(client, member, facilitator):
    client.force_login(member)
    assert "Requests to join, proposed objectives" not in client.get(SETTINGS_URL).content.decode()
    client.force_login(facilitator)
    assert "Requests to join, proposed objectives" in client.get(SETTINGS_URL).content.decode()


def test_saving_switches_the_digest_and_turns_reminders_off(client, member):
    client.force_login(member)
    choices = {key: on for key, on in ALL_ON.items() if key != "reminders"}

    response = client.post(SETTINGS_URL, {"digest_frequency": "daily", **choices}, follow=True)

    assert response.redirect_chain == [(SETTINGS_URL, 302)]
    assert "Your email choices are saved." in response.content.decode()
    assert digest_of(member) == DigestFrequency.DAILY
    saved = email_choices_of(member)
    assert saved["reminders"] is False
    assert all(on for key, on in saved.items() if key != "reminders")
    assert email_wanted([member], SessionNotificationKind.REMINDER) == set()
    assert email_wanted([member], KnowledgeNotificationKind.MENTION) == {member.pk}


def test_a_hidden_facilitators_choice_is_left_as_it_was(client, member):
    client.force_login(member)
    client.post(SETTINGS_URL, {"digest_frequency": "weekly"})  # every box unticked; facilitation, platform not offered
    saved = email_choices_of(member)
    assert saved["facilitation"] is True and saved["platform"] is True
    assert not any(on for key, on in saved.items() if key not in ("facilitation", "platform"))


@pytest.mark.parametrize("frequency", ["hourly", ""])
def test_an_unknown_frequency_is_refused_and_nothing_changes(client, member, frequency):
    client.force_login(member)
    choices = {key: on for key, on in ALL_ON.items() if key != "reminders"}

    response = client.post(SETTINGS_URL, {"digest_frequency": frequency, **choices})

    assert response.status_code == 200
    assert response.context["form"].errors["digest_frequency"]
    assert 'class="invalid-feedback"' in response.content.decode()
    assert digest_of(member) == DigestFrequency.AUTO
    assert email_choices_of(member)["reminders"] is True


def test_a_bounced_address_is_announced_with_the_way_to_confirm_it(client, member):
    client.force_login(member)
    assert "bounced" not in client.get(SETTINGS_URL).content.decode()

    type(member).objects.filter(pk=member.pk).update(email_bounced_at=timezone.now())
    content = client.get(SETTINGS_URL).content.decode()

    assert "Mail to your address bounced" in content
    assert f"Mail to {member.email} could not be delivered" in content
    assert f'href="{reverse("account_email")}"' in content


def test_my_active_communities_link_to_their_own_settings(client, member, community, other_facilitator):
    client.force_login(member)
    content = client.get(SETTINGS_URL).content.decode()
    assert f'href="{community_url(community)}">CAP Agroécologie</a>' in content
    assert "Digest: as my default" in content
    assert "Urban transport Mediterranean" not in content

    membership_leave(membership=Membership.objects.get(user=member, community=community))
    assert "CAP Agroécologie" not in client.get(SETTINGS_URL).content.decode()


def test_a_person_in_no_community_is_told_so(client, outsider):
    client.force_login(outsider)
    assert "You are not a member of any community yet." in client.get(SETTINGS_URL).content.decode()


# --- One community's choices -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider", "requester", "invitee", "other_facilitator", "staff"])
def test_non_members_find_no_community_settings_page(client, as_persona, community, persona):
    as_persona(persona)
    assert client.get(community_url(community)).status_code == 404
    assert client.post(community_url(community), {"digest_frequency": "off"}).status_code == 404
    assert not Membership.objects.filter(community=community, digest_frequency="off").exists()


@pytest.mark.parametrize("persona", ["member", "facilitator"])
def test_active_members_have_a_community_settings_page(client, as_persona, community, persona):
    person = as_persona(persona)
    response = client.get(community_url(community))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1
    assert client.post(community_url(community), {"digest_frequency": "off"}).status_code == 302
    assert membership_digest(person, community) == DigestFrequency.OFF


def test_a_member_who_left_has_no_community_settings_page(client, member, community):
    membership_leave(membership=Membership.objects.get(user=member, community=community))
    client.force_login(member)
    assert client.get(community_url(community)).status_code == 404


def test_an_unknown_community_is_not_found(client, member):
    client.force_login(member)
    assert client.get("/notifications/settings/no-such-community/").status_code == 404


def test_community_page_starts_from_my_defaults_and_names_them(client, member, community):
    member.digest_frequency = DigestFrequency.WEEKLY
    member.save(update_fields=["digest_frequency"])
    email_choices_set(user=member, choices={"reminders": False})
    client.force_login(member)

    response = client.get(community_url(community))

    form = response.context["form"]
    assert form["digest_frequency"].value() == ""
    assert all(field.value() == "" for field in form.choice_fields())
    content = response.content.decode()
    assert "As my default (Weekly, on Monday)" in content
    assert "As my default (no)" in content and "As my default (yes)" in content
    assert "Requests to join, proposed objectives" not in content, "the member does not facilitate here"
    client.force_login(community.memberships.facilitators().get().user)
    assert "Requests to join, proposed objectives" in client.get(community_url(community)).content.decode()


def test_member_sets_this_communitys_digest_and_emails(client, member, community):
    client.force_login(member)

    response = client.post(
        community_url(community), {"digest_frequency": "off", "reminders": "no", "mentions": "yes"}, follow=True
    )

    assert response.redirect_chain == [(community_url(community), 302)]
    assert "Your email choices for CAP Agroécologie are saved." in response.content.decode()
    assert membership_digest(member, community) == DigestFrequency.OFF
    assert digest_of(member) == DigestFrequency.AUTO, "the default is untouched"
    saved = email_choices_of(member, community)
    assert saved["reminders"] is False and saved["mentions"] is True
    assert all(on is None for key, on in saved.items() if key not in ("reminders", "mentions"))
    assert email_wanted([member], SessionNotificationKind.REMINDER, community) == set()
    assert email_wanted([member], SessionNotificationKind.REMINDER) == {member.pk}, "elsewhere: the default"
    assert response.context["form"]["digest_frequency"].value() == "off"

    client.post(community_url(community), {"digest_frequency": ""})
    assert membership_digest(member, community) == ""
    assert all(on is None for on in email_choices_of(member, community).values())


@pytest.mark.parametrize(("field", "value"), [("digest_frequency", "hourly"), ("digest_frequency", "auto"), ("reminders", "maybe")])
def test_bad_community_choices_are_refused_and_nothing_changes(client, member, community, field, value):
    client.force_login(member)
    data = {"digest_frequency": "off", "reminders": "no", field: value}

    response = client.post(community_url(community), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert membership_digest(member, community) == ""
    assert email_choices_of(member, community)["reminders"] is None
