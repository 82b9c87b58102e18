"""The time-zone picker: current zones people recognise, grouped by region, and a zone saved
under an older name kept as it is."""

import re

import pytest
from django.urls import reverse
from django.utils.functional import Promise

from communities.forms import ProfileForm, SignupForm, time_zone_choices

pytestmark = pytest.mark.django_db


def listed_zones():
    return {zone for _label, zones in time_zone_choices()[1:] for zone, _place in zones}


def test_current_zones_are_listed_and_legacy_aliases_are_not():
    zones = listed_zones()
    assert {
        "Africa/Dakar",
        "Africa/Kigali",
        "Africa/Porto-Novo",
        "America/Port-au-Prince",
        "Asia/Kolkata",
        "Europe/Kyiv",
        "America/Argentina/Buenos_Aires",
        "Pacific/Kanton",
    } <= zones
    legacy = {
        "US/Eastern",
        "Etc/GMT+3",
        "Asia/Calcutta",
        "Europe/Kiev",
        "America/Buenos_Aires",
        "Asia/Saigon",
        "Africa/Asmera",
        "GB",
        "EST5EDT",
        "Canada/Atlantic",
        "America/Godthab",
    }
    assert not zones & legacy
    assert time_zone_choices()[0] == ("UTC", "UTC")


def test_zones_are_grouped_by_region_with_the_place_as_label():
    groups = {str(label): dict(zones) for label, zones in time_zone_choices()[1:]}
    assert list(groups) == [
        "Africa",
        "Americas",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic Ocean",
        "Australia",
        "Europe",
        "Indian Ocean",
        "Pacific Ocean",
    ]
    assert groups["Africa"]["Africa/Dakar"] == "Dakar"
    assert groups["Americas"]["America/Port-au-Prince"] == "Port-au-Prince"
    assert groups["Americas"]["America/Argentina/Buenos_Aires"] == "Argentina – Buenos Aires"
    assert all(zone.startswith("Africa/") for zone in groups["Africa"])
    places = list(groups["Europe"].values())
    assert places == sorted(places)


def test_the_sign_up_select_renders_optgroups_and_guesses_from_the_default():
    html = str(SignupForm()["timezone"])
    assert '<optgroup label="Africa">' in html and '<optgroup label="Europe">' in html
    assert re.search(r'<option value="Africa/Dakar"[^>]*>Dakar</option>', html)
    assert 'data-guess-timezone="UTC"' in html


def test_region_labels_are_translated_when_rendered():
    """Lazy labels: the cached list shows each reader the regions in their own language."""
    labels = [label for label, _zones in time_zone_choices()[1:]]
    assert all(isinstance(label, Promise) for label in labels)


def test_a_zone_saved_under_an_older_name_stays_selected_and_valid(client, person):
    person.timezone = "Asia/Calcutta"
    person.save(update_fields=["timezone"])
    html = str(ProfileForm(instance=person)["timezone"])
    assert re.search(r'<option value="Asia/Calcutta" selected>Asia/Calcutta</option>', html)
    assert html.count(" selected") == 1
    client.force_login(person)
    response = client.post(
        reverse("people:edit"),
        {
            "display_name": person.display_name,
            "timezone": "Asia/Calcutta",
            "language": "en",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.timezone == "Asia/Calcutta"


def test_an_unknown_zone_is_refused_with_a_message():
    form = SignupForm(data={"timezone": "Mars/Olympus_Mons"})
    form.is_valid()
    assert form.errors["timezone"] == ["Select a valid choice. Mars/Olympus_Mons is not one of the available choices."]


def test_choosing_a_listed_zone_saves_it(client, person):
    client.force_login(person)
    client.post(
        reverse("people:edit"), {"display_name": person.display_name, "timezone": "Europe/Kyiv", "language": "en"}
    )
    person.refresh_from_db()
    assert person.timezone == "Europe/Kyiv"
