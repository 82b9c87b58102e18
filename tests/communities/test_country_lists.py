"""Country lists: filters offer only the countries present (and only those the reader may
see); every list is named and sorted in the reader's language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from communities import services
from communities.forms import ProfileForm, SignupForm, country_choices
from tests.conftest import verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def options(html, name="country"):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def codes(html):
    return [code for code, _name in options(html) if code]


@pytest.fixture
def public_and_private(facilitator, other_facilitator):
    services.community_create(
        by=facilitator,
        name="Agroforestry Great Lakes",
        visibility="public",
        countries=["RW", "BI"],
        status="active",
    )
    return services.community_create(
        by=other_facilitator,
        name="Secret savings groups",
        visibility="private",
        countries=["TN", "RW"],
        status="active",
    )


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_the_directory_offers_only_the_countries_of_communities_the_reader_may_see(
    client, as_persona, persona, public_and_private
):
    as_persona(persona)
    page = client.get(reverse("communities:directory")).content.decode()
    assert sorted(codes(page)) == ["BI", "RW"]  # not TN: a private community's countries are for its members


def test_a_member_of_a_private_community_is_offered_its_countries_too(client, public_and_private, outsider):
    services.membership_join(community=public_and_private, user=outsider)  # private, on request: pending
    client.force_login(outsider)
    assert "TN" not in codes(client.get(reverse("communities:directory")).content.decode())
    membership = public_and_private.memberships.get(user=outsider)
    services.membership_approve(membership=membership, by=public_and_private.memberships.facilitators().first().user)
    assert sorted(codes(client.get(reverse("communities:directory")).content.decode())) == ["BI", "RW", "TN"]


def test_a_country_no_longer_present_filters_to_nothing_and_stays_shown(client, public_and_private):
    response = client.get(reverse("communities:directory"), {"country": "FR", "status": "active"})
    assert response.context["form"].is_valid()
    assert list(response.context["page"].object_list) == []
    assert ("FR", "France") in options(response.content.decode())
    assert re.search(r'<option value="FR" selected>France</option>', response.content.decode())


def test_a_made_up_country_is_refused_not_a_500(client, public_and_private):
    response = client.get(reverse("communities:directory"), {"country": "XX"})
    assert response.status_code == 200
    assert "country" in response.context["form"].errors


def test_the_member_filter_offers_the_countries_of_active_members_only(
    client, community, facilitator, member, requester
):
    facilitator.country, member.country, requester.country = "SN", "BJ", "HT"
    for person in (facilitator, member, requester):
        person.save(update_fields=["country"])
    left = verified(UserFactory(country="NE"))
    services.membership_join(community=community, user=left)
    client.force_login(member)
    page = client.get(reverse("communities:members", args=[community.slug])).content.decode()
    assert sorted(codes(page)) == ["BJ", "SN"]  # not the requester's HT nor the pending NE


def test_the_member_filter_still_filters(client, community, facilitator, member):
    member.country = "BJ"
    member.save(update_fields=["country"])
    client.force_login(facilitator)
    response = client.get(reverse("communities:members", args=[community.slug]), {"country": "BJ"})
    assert [m.user for m in response.context["page"].object_list] == [member]


# --- Named and sorted in the reader's language ---------------------------------------------------


@pytest.mark.parametrize(
    ("language", "senegal", "egypt"),
    [("en", "Senegal", "Egypt"), ("fr", "Sénégal", "Égypte"), ("ar", "السنغال", "مصر")],
)
def test_the_profile_country_list_is_in_the_readers_language(client, person, language, senegal, egypt):
    person.language = language
    person.save(update_fields=["language"])
    client.force_login(person)
    listed = dict(options(client.get(reverse("people:edit")).content.decode()))
    assert listed["SN"] == senegal and listed["EG"] == egypt


@pytest.mark.parametrize("form_class", [SignupForm, ProfileForm])
def test_country_lists_are_sorted_by_the_translated_name(form_class):
    with translation.override("fr"):
        french = [name for code, name in options(str(form_class()["country"])) if code]
    with translation.override("ar"):
        arabic = [code for code, name in options(str(form_class()["country"])) if code]
    # French: Égypte among the E, after Danemark and before Espagne.
    assert french.index("Danemark") < french.index("Égypte") < french.index("Espagne")
    # Arabic: السنغال (Senegal, alif) comes long before مصر (Egypt, mim), unlike in English.
    assert arabic.index("SN") < arabic.index("EG")
    assert arabic.index("DZ") < arabic.index("DE")  # الجزائر before ألمانيا: lam-jim before lam-mim


def test_the_directory_filter_is_translated_and_sorted(client, public_and_private):
    arabic = verified(UserFactory(language="ar"))
    client.force_login(arabic)
    listed = options(client.get(reverse("communities:directory")).content.decode())
    assert listed[1:] == [("BI", "بوروندي"), ("RW", "رواندا")]


def test_country_choices_drop_duplicates_and_unknown_codes():
    assert country_choices(["RW", "RW", "XX", "BI"]) == [("BI", "Burundi"), ("RW", "Rwanda")]
