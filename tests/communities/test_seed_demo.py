"""manage.py seed_demo: demo people, idempotent, development only."""

import zoneinfo
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.core.management import CommandError, call_command
from taggit.models import Tag, TaggedItem

from communities import demo_data
from communities.models import User


def seed(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "tags": Tag.objects.count(),
        "tagged items": TaggedItem.objects.count(),
    }


def test_running_twice_leaves_the_same_rows(db, settings):
    seed(settings)
    first = counts()
    seed(settings)
    assert counts() == first
    people = 1 + len(demo_data.FACILITATORS) + len(demo_data.PRACTITIONERS)
    assert first["users"] == first["email addresses"] == people
    assert first["tags"] == len(demo_data.ALL_EXPERTISE)


def test_creates_the_admin_facilitators_and_practitioners(db, settings):
    seed(settings)
    admin = User.objects.get(is_staff=True)
    assert admin.email == demo_data.ADMIN_EMAIL
    assert admin.is_superuser
    assert admin.display_name == "Platform Admin"
    assert User.objects.filter(is_superuser=True).count() == 1

    facilitator_emails = [person.email for person in demo_data.FACILITATORS]
    assert User.objects.filter(email__in=facilitator_emails).count() == len(demo_data.FACILITATORS)
    practitioner_emails = [person.email for person in demo_data.PRACTITIONERS]
    assert User.objects.filter(email__in=practitioner_emails).count() == len(demo_data.PRACTITIONERS)

    practitioner_countries = set(
        User.objects.filter(email__in=practitioner_emails).values_list("country", flat=True)
    )
    assert {*demo_data.CLIMATE_COHORT_COUNTRIES, "EG"} <= practitioner_countries


def test_demo_people_are_complete_and_valid(db, settings):
    seed(settings)
    people = User.objects.exclude(email=demo_data.ADMIN_EMAIL)
    for user in User.objects.all():
        zoneinfo.ZoneInfo(user.timezone)  # raises for an unknown zone
        assert user.language in {"en", "fr", "ar"}
        assert user.email.endswith("@" + demo_data.DEMO_EMAIL_DOMAIN)
        assert user.email.isascii() and user.email == user.email.lower()
        user.full_clean()
    for user in people:
        assert user.country and user.organisation and user.bio
        assert 2 <= user.expertise.count() <= 3
    assert set(EmailAddress.objects.values_list("verified", "primary")) == {(True, True)}


def test_a_demo_person_signs_in_with_the_demo_password(db, settings, client):
    seed(settings)
    cache.clear()  # allauth's rate limits live in the cache
    email = demo_data.PRACTITIONERS[0].email
    response = client.post(
        "/accounts/login/", {"login": email, "password": demo_data.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/"
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)


def test_prints_the_demo_logins(db, settings):
    output = seed(settings)
    assert demo_data.DEMO_PASSWORD in output
    assert demo_data.ADMIN_EMAIL in output
    assert demo_data.FACILITATORS[0].email in output
    assert settings.SITE_URL in output


def test_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(email=demo_data.ADMIN_EMAIL).exists()
