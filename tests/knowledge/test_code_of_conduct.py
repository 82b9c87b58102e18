"""The code of conduct is public and linked from every page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/code-of-conduct/"


def test_the_code_of_conduct_is_at_its_address():
    assert reverse("pages:code-of-conduct") == URL


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member"])
def test_everyone_can_read_the_code_of_conduct(client, as_persona, persona):
    as_persona(persona)
    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for words in ("safe spaces", "Benevolence", "Confidentiality", "Respect", "harassment", "Report",
                  "hide a post or a reply", "remove someone from the community"):
        assert words in page


def test_the_code_of_conduct_is_linked_from_the_footer(client):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in page


def test_every_community_page_links_to_the_code_of_conduct(client, community, member):
    client.force_login(member)
    for url in (community.get_absolute_url(), reverse("communities:members", args=[community.slug])):
        page = client.get(url).content.decode()
        # Under the community's tabs, and in the footer.
        assert page.count(f'href="{URL}"') == 2, url
