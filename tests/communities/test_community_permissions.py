"""The permission matrix: every community page and action × every persona."""

import pytest
from django.urls import reverse

from communities import services
from communities.models import Membership

from ..conftest import PERSONAS

pytestmark = pytest.mark.django_db

ALLOW, LOGIN, DENY = 200, "login", 403
CONTENT = "Bienveillance et confidentialité."  # the private community's charter

# persona → expected answer, for each page of the private community.
PAGES = {
    "detail": {p: ALLOW for p in PERSONAS},
    "members": {
        "anonymous": LOGIN, "outsider": DENY, "requester": DENY, "invitee": DENY, "member": ALLOW,
        "other_facilitator": DENY, "facilitator": ALLOW, "staff": ALLOW,
    },
    "manage": {
        "anonymous": LOGIN, "outsider": DENY, "requester": DENY, "invitee": DENY, "member": DENY,
        "other_facilitator": DENY, "facilitator": ALLOW, "staff": ALLOW,
    },
    "settings": {
        "anonymous": LOGIN, "outsider": DENY, "requester": DENY, "invitee": DENY, "member": DENY,
        "other_facilitator": DENY, "facilitator": ALLOW, "staff": ALLOW,
    },
}
SEES_CONTENT = {"member", "facilitator", "staff"}


def check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES)
def test_community_pages(client, as_persona, community, page, persona):
    as_persona(persona)
    response = client.get(reverse(f"communities:{page}", args=[community.slug]))
    check(response, PAGES[page][persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_private_content_reaches_only_members_and_staff(client, as_persona, community, persona):
    as_persona(persona)
    page = client.get(community.get_absolute_url()).content.decode()
    assert community.name in page
    assert (CONTENT in page) == (persona in SEES_CONTENT)


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_page_needs_the_permission(client, as_persona, persona):
    as_persona(persona)
    check(client.get(reverse("communities:create")), {"anonymous": LOGIN, "staff": ALLOW}.get(persona, DENY))


@pytest.mark.parametrize("persona", PERSONAS)
def test_approving_a_request(client, as_persona, community, requester, persona):
    as_persona(persona)
    membership = Membership.objects.get(user=requester, community=community)
    response = client.post(reverse("communities:decide-request", args=[community.slug, membership.pk]), {"decision": "approve"})
    allowed = persona in ("facilitator", "staff")
    check(response, 302 if allowed else {"anonymous": LOGIN}.get(persona, DENY))
    membership.refresh_from_db()
    assert membership.is_active == allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_removing_a_member(client, as_persona, community, member, persona):
    as_persona(persona)
    membership = Membership.objects.get(user=member, community=community)
    response = client.post(reverse("communities:remove-member", args=[community.slug, membership.pk]), {"reason": "Spam"})
    allowed = persona in ("facilitator", "staff")
    check(response, 302 if allowed else {"anonymous": LOGIN}.get(persona, DENY))
    membership.refresh_from_db()
    assert (membership.status == Membership.Status.REMOVED) == allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_inviting(client, as_persona, community, persona):
    as_persona(persona)
    response = client.post(reverse("communities:invite", args=[community.slug]), {"addresses": "new@example.org"})
    allowed = persona in ("facilitator", "staff")
    check(response, ALLOW if allowed else {"anonymous": LOGIN}.get(persona, DENY))
    assert community.invitations.filter(email="new@example.org").exists() == allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_asking_to_join(client, as_persona, community, persona):
    user = as_persona(persona)
    response = client.post(reverse("communities:join", args=[community.slug]), {"message": "Hello"})
    if persona == "anonymous":
        check(response, LOGIN)
        return
    assert response.status_code == 302
    membership = Membership.objects.filter(user=user, community=community).first()
    if persona in ("outsider", "invitee", "other_facilitator", "staff"):
        assert membership.status == Membership.Status.REQUESTED
    elif persona == "requester":
        assert membership.status == Membership.Status.REQUESTED
    else:
        assert membership.is_active


@pytest.mark.parametrize("persona", PERSONAS)
def test_member_list_shows_details_only_to_co_members_and_staff(client, as_persona, persona, other_facilitator):
    """In a public community anyone sees the member names; details need a shared community."""
    from communities.models import Community

    public = Community.objects.get(name="Urban transport Mediterranean")
    as_persona(persona)
    page = client.get(reverse("communities:members", args=[public.slug])).content.decode()
    assert other_facilitator.display_name in page
    shows_details = persona in ("other_facilitator", "staff")
    assert (other_facilitator.organisation in page) == shows_details


@pytest.mark.parametrize("persona", PERSONAS)
def test_directory_shows_a_private_summary_only_to_members_and_staff(client, as_persona, community, persona):
    as_persona(persona)
    directory = client.get(reverse("communities:directory")).content.decode()
    assert community.name in directory
    assert (community.tagline in directory) == (persona in SEES_CONTENT)


@pytest.fixture
def private_details(community, facilitator):
    """The private community with everything an outsider must not read, and a public summary."""
    services.community_update(
        community=community, by=facilitator, capacity=40, countries=["BJ"], working_languages="fr,wo",
        public_summary="Une communauté de conseillers agricoles du Bénin.", themes=["semences paysannes"],
    )
    return community


@pytest.mark.parametrize("persona", PERSONAS)
def test_outsiders_see_only_the_name_and_public_summary_of_a_private_community(
    client, as_persona, private_details, persona
):
    as_persona(persona)
    sees = persona in SEES_CONTENT
    home = client.get(private_details.get_absolute_url()).content.decode()
    directory = client.get(reverse("communities:directory")).content.decode()
    for page in (home, directory):
        assert private_details.name in page
        assert ("conseillers agricoles du Bénin" in page) == (not sees), "outsiders read the public summary"
        assert ("Partager nos pratiques" in page) == sees  # the tagline
        assert ("semences paysannes" in page) == (sees and page is directory)  # themes: listed on cards only
    assert ("ideal size" in home) == sees and ("at most 40" in home) == sees  # member count and capacity
    card = directory.split(private_details.get_absolute_url())[1].split("</article>")[0]
    assert ("member" in card.replace("members.", "")) == sees


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "query, hidden",
    [
        ({"q": "pratiques"}, True),  # its tagline
        ({"q": "semences"}, True),  # its theme
        ({"theme": "semences paysannes"}, True),
        ({"language": "wo"}, True),
        ({"country": "BJ"}, True),
        ({"q": "agroécologie"}, False),  # its name
        ({"q": "conseillers agricoles"}, False),  # its public summary
    ],
)
def test_the_directory_never_matches_a_private_community_on_what_outsiders_cannot_see(
    client, as_persona, private_details, persona, query, hidden
):
    as_persona(persona)
    page = client.get(reverse("communities:directory"), query).content.decode()
    found = private_details.get_absolute_url() in page
    assert found == (not hidden or persona in SEES_CONTENT)


# --- Staff status alone, the invitation link and the admin (security review) --------------------

# "plain_staff" may open Django admin and holds no permission; "platform_admin" is a
# staff account in the "Platform admins" group. In the pages only the latter acts site-wide.
STAFF_KINDS = {"plain_staff": False, "platform_admin": True}


@pytest.mark.parametrize("persona", STAFF_KINDS)
@pytest.mark.parametrize("page", PAGES)
def test_community_pages_for_staff_kinds(client, as_persona, community, page, persona):
    as_persona(persona)
    response = client.get(reverse(f"communities:{page}", args=[community.slug]))
    check(response, PAGES[page]["staff"] if STAFF_KINDS[persona] else PAGES[page]["outsider"])
    page_text = client.get(community.get_absolute_url()).content.decode()
    assert (CONTENT in page_text) == STAFF_KINDS[persona]


@pytest.mark.parametrize("persona", [*PERSONAS, *STAFF_KINDS])
def test_the_invitation_link(client, as_persona, community, invitee, persona):
    """Only the invitee answers their invitation; a signed-out visitor is offered to sign up or in."""
    from communities.models import Invitation
    from communities.services import invitation_token

    link = reverse("invitations:respond", args=[invitation_token(Invitation.objects.get(email=invitee.email))])
    user = as_persona(persona)
    expected = 200 if persona in ("anonymous", "invitee") else 403
    assert client.get(link).status_code == expected
    response = client.post(link, {"decision": "accept"})
    if persona == "anonymous":
        assert response.status_code == 200 and "Create an account" in response.content.decode()
    else:
        assert response.status_code == (302 if persona == "invitee" else 403)
    joined = user is not None and Membership.objects.filter(user=user, community=community, status="active").exists()
    was_member = persona in ("member", "facilitator")
    assert joined == (persona == "invitee" or was_member)


ADMIN_URLS = ["admin:index", "admin:communities_membership_changelist", "admin:communities_community_changelist"]


@pytest.mark.parametrize("persona", [*PERSONAS, *STAFF_KINDS])
@pytest.mark.parametrize("url_name", ADMIN_URLS)
def test_the_admin(client, as_persona, persona, url_name):
    """Admin pages: superusers see them; staff without permissions see the index only;
    everyone else is sent to the site's sign-in, or refused once signed in."""
    as_persona(persona)
    response = client.get(reverse(url_name), follow=True)
    if persona == "anonymous":
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    elif persona == "staff":
        assert response.status_code == 200
    elif persona in STAFF_KINDS:
        # Model permissions decide: none for plain staff; the platform admins' group holds no model permission either.
        assert response.status_code == (200 if url_name == "admin:index" else 403)
    else:
        assert response.status_code == 403


def test_outsiders_cannot_filter_members_on_what_they_cannot_see(client, other_facilitator, outsider):
    from communities.models import Community

    public = Community.objects.get(name="Urban transport Mediterranean")
    type(other_facilitator).objects.filter(pk=other_facilitator.pk).update(country="TN")
    client.force_login(outsider)
    url = reverse("communities:members", args=[public.slug])
    assert other_facilitator.display_name in client.get(url, {"country": "TN"}).content.decode()
    assert other_facilitator.display_name in client.get(url, {"country": "MA"}).content.decode(), "the filter is ignored"
