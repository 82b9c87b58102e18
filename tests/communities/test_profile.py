"""Who sees and edits a profile."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client, person):
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.get(reverse("people:edit"))
    assert response.status_code == 302


def test_a_person_sees_their_own_details(client, person):
    person.expertise.add("agroforestry")
    client.force_login(person)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert person.organisation in page and "agroforestry" in page


def test_a_stranger_gets_a_404_not_the_name(client, person, other_person):
    """Sharing no community, a signed-in account can't read names by walking the ids."""
    client.force_login(other_person)
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 404
    assert person.display_name not in response.content.decode()


def test_staff_see_the_details(client, person, staff):
    client.force_login(staff)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert person.organisation in page


def test_profile_edit_refuses_bad_input_and_keeps_it(client, person):
    client.force_login(person)
    response = client.post(
        reverse("people:edit"),
        {"display_name": "", "organisation": "Kept organisation", "timezone": "Nowhere/Else", "language": "fr"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"display_name", "timezone"}
    assert 'value="Kept organisation"' in response.content.decode()
    person.refresh_from_db()
    assert person.organisation != "Kept organisation"


def test_profile_page_query_count_does_not_grow_with_tags(client, person, django_assert_max_num_queries):
    client.force_login(person)
    person.expertise.add("a", "b", "c", "d", "e", "f", "g", "h")
    with django_assert_max_num_queries(8):
        client.get(reverse("people:detail", args=[person.pk]))
