"""Session reminders are ticked in a list, not typed; typed minutes moved to the nearest choices."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities.models import Community

pytestmark = pytest.mark.django_db

migration = importlib.import_module("communities.migrations.0010_reminder_offset_choices")


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [
        ("1440,60", "1440,60"),  # a day and an hour before: unchanged
        ("60,1440", "1440,60"),
        ("90", "60"),
        ("2880", "1440"),  # two days: nearer a day than a week
        ("20160", "10080"),  # fourteen days: a week
        ("1440,1500,60", "1440,60"),  # two values on the same choice count once
        ("120", "180"),  # halfway: the earlier reminder
        ("30", "15"),
        ("5,10080", "10080,15"),
        (" 1440 , 60 ", "1440,60"),
        ("", "1440,60"),  # nothing usable: the default
        ("0,abc", "1440,60"),
    ],
)
def test_typed_minutes_go_to_the_nearest_choices(typed, chosen):
    assert migration.nearest_choices(typed) == chosen


def test_migration_rewrites_stored_values(community):
    Community.objects.filter(pk=community.pk).update(reminder_offsets="2880,90,60")
    migration.to_choices(apps, None)
    community.refresh_from_db()
    assert community.reminder_offsets == "1440,60"
    community.full_clean()


@pytest.mark.parametrize("value", ["90", "1440,90", "1440;60", "une heure"])
def test_the_model_refuses_anything_but_the_choices(community, value):
    community.reminder_offsets = value
    with pytest.raises(ValidationError) as error:
        community.full_clean()
    assert "reminder_offsets" in error.value.message_dict


def settings_data(client, community, **changes):
    form = client.get(reverse("communities:settings", args=[community.slug])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(themes=[], working_languages=[], countries=[], **changes)
    return data


def test_the_form_ticks_the_stored_choices(client, community, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("communities:settings", args=[community.slug]))
    html = response.content.decode()
    for minutes, label in (
        (10080, "1 week before"),
        (1440, "1 day before"),
        (180, "3 hours before"),
        (60, "1 hour before"),
        (15, "15 minutes before"),
    ):
        assert f'value="{minutes}"' in html
        assert label in html
    field = response.context["form"]["reminder_offsets"]
    checked = [str(box.data["value"]) for box in field if box.data["selected"]]
    assert checked == ["1440", "60"]


def test_the_form_saves_the_ticked_choices(client, community, facilitator):
    client.force_login(facilitator)
    url = reverse("communities:settings", args=[community.slug])
    response = client.post(url, settings_data(client, community, reminder_offsets=["15", "10080"]))
    assert response.status_code == 302, response.context["form"].errors
    community.refresh_from_db()
    assert community.reminder_offsets == "10080,15"
    assert community.reminder_offset_minutes == [10080, 15]


def test_none_ticked_means_a_day_and_an_hour_before(client, community, facilitator):
    community.reminder_offsets = "180"
    community.save()
    client.force_login(facilitator)
    data = settings_data(client, community)
    del data["reminder_offsets"]
    response = client.post(reverse("communities:settings", args=[community.slug]), data)
    assert response.status_code == 302, response.context["form"].errors
    community.refresh_from_db()
    assert community.reminder_offsets == "1440,60"


@pytest.mark.parametrize("value", ["90", "1440,60", "une heure"])
def test_a_value_not_in_the_list_is_a_form_error(client, community, facilitator, value):
    client.force_login(facilitator)
    response = client.post(
        reverse("communities:settings", args=[community.slug]),
        settings_data(client, community, reminder_offsets=[value]),
    )
    assert response.status_code == 200
    assert "reminder_offsets" in response.context["form"].errors
    community.refresh_from_db()
    assert community.reminder_offsets == "1440,60"
