"""Each person reads the site in their language, from the first message; themes are split
on commas only; Arabic dates read one way."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Permission
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from communities.models import Community, User
from communities.notifications import unsubscribe_url

from ..conftest import verified
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_signed_in_message_is_in_the_persons_language(client):
    person = verified(UserFactory(email="amina@example.org", language="ar"))
    person.set_password("a long pass phrase 42")
    person.save()
    response = client.post(
        reverse("account_login"), {"login": "amina@example.org", "password": "a long pass phrase 42"},
        HTTP_ACCEPT_LANGUAGE="en", follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages and all("Successfully signed in" not in m for m in messages)
    assert any("amina@example.org" in m or person.display_name in m for m in messages)
    assert response.content.decode().count('<html lang="ar"') == 1


def test_the_profile_saved_message_is_in_the_newly_chosen_language(client, person):
    client.force_login(person)
    form = client.get(reverse("people:edit")).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(language="fr", expertise="")
    response = client.post(reverse("people:edit"), data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Votre profil a été enregistré."]


def test_the_unsubscribe_page_speaks_the_recipients_language(client):
    person = verified(UserFactory(language="ar"))
    url = unsubscribe_url(person, "invitations")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    done = client.post(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="ar"' in done


@pytest.mark.parametrize("moment", [datetime(2026, 11, 30, 0, 0), datetime(2026, 11, 30, 15, 5)])
def test_arabic_dates_read_day_month_year_and_24_hours(moment):
    with translation.override("ar"):
        text = Template('{{ moment|date:"DATETIME_FORMAT" }}|{{ moment|time:"TIME_FORMAT" }}').render(
            Context({"moment": moment})
        )
    assert text == f"30 نوفمبر 2026، {moment:%H:%M}|{moment:%H:%M}"
    assert "منتصف" not in text and "م" != text[-1]


@pytest.mark.parametrize(
    "typed, themes",
    [
        ("monitoring and evaluation", ["monitoring and evaluation"]),
        ("monitoring and evaluation, urban transport", ["monitoring and evaluation", "urban transport"]),
        ("suivi et évaluation ; genre", ["suivi et évaluation ; genre"]),
        ("التقييم والمتابعة، النقل الحضري", ["التقييم والمتابعة", "النقل الحضري"]),
        ("agroecology,  Agroecology ,", ["agroecology"]),
    ],
)
def test_themes_split_on_commas_only(client, facilitator, typed, themes):
    facilitator.user_permissions.add(*Permission.objects.filter(codename="create_community"))
    client.force_login(User.objects.get(pk=facilitator.pk))
    form = client.get(reverse("communities:create")).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name="Practitioners", themes=typed, visibility="public", join_policy="open", ideal_size=10,
                description="", charter="", working_languages=[], countries=[])
    response = client.post(reverse("communities:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert sorted(Community.objects.get().themes.names()) == sorted(themes)


def test_expertise_splits_on_commas_only(client, person):
    client.force_login(person)
    form = client.get(reverse("people:edit")).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(expertise="participatory approaches, monitoring and evaluation")
    client.post(reverse("people:edit"), data)
    assert sorted(User.objects.get(pk=person.pk).expertise.names()) == ["monitoring and evaluation", "participatory approaches"]
