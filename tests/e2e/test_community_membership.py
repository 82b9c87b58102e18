"""Facilitators run a community in the browser; practitioners join it."""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core import mail

from communities import services
from communities.models import Community, Membership
from tests.e2e.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD, UserFactory


def make_facilitator():
    user = UserFactory(email="sophie@example.org", display_name="Sophie Lambert", organisation="Eclosio")
    user.user_permissions.add(Permission.objects.get(codename="create_community"))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(page, base_url, email, password=PASSWORD):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email*", exact=True).fill(email)
    page.get_by_label("Password*", exact=True).fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base_url}/")


def test_private_community_on_request_from_creation_to_membership(browser, live_server, transactional_db):
    base = live_server.url
    make_facilitator()
    facilitator = browser.new_context().new_page()
    facilitator.set_default_timeout(10_000)
    sign_in(facilitator, base, "sophie@example.org")

    facilitator.get_by_role("link", name="Communities").first.click()
    facilitator.get_by_role("link", name="Create a community").click()
    assert_accessible(facilitator)
    facilitator.get_by_label("Name*", exact=True).fill("CAP Agroécologie")
    facilitator.get_by_label("Tagline").fill("Partager nos pratiques agroécologiques")
    facilitator.get_by_label("Charter").fill("**Bienveillance**: chacun peut parler de ses erreurs.")
    facilitator.get_by_label("Private: listed by name only, all content for members").check()
    facilitator.get_by_label("On request: a facilitator approves each request").check()
    facilitator.get_by_label("Status*").select_option("active")
    facilitator.get_by_role("button", name="Create the community").click()
    facilitator.wait_for_url(re.compile(r"/manage/$"))
    assert "Your community is ready" in facilitator.content()
    community = Community.objects.get()
    assert community.visibility == "private" and community.join_policy == "request"

    # A practitioner signs up and asks to join.
    practitioner = browser.new_context().new_page()
    practitioner.set_default_timeout(10_000)
    practitioner.goto(f"{base}/accounts/signup/")
    practitioner.get_by_label("Your name").fill("Aline Uwase")
    practitioner.get_by_label("Email*", exact=True).fill("aline@example.org")
    practitioner.get_by_label("Password*", exact=True).fill("kigali-terraces-2026")
    practitioner.get_by_label("Password (again)").fill("kigali-terraces-2026")
    practitioner.get_by_role("button", name="Sign Up").click()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    practitioner.goto(link)
    practitioner.get_by_role("button", name="Confirm").click()
    practitioner.wait_for_url(f"{base}/")

    practitioner.goto(f"{base}/communities/")
    practitioner.get_by_role("link", name="CAP Agroécologie").click()
    assert "Bienveillance" not in practitioner.content(), "the charter is for members"
    assert_accessible(practitioner)
    practitioner.get_by_label("A word to the facilitators (optional)").fill("J’anime des champs-écoles au Rwanda.")
    practitioner.get_by_role("button", name="Ask to join").click()
    assert "Your request has been sent" in practitioner.content()

    # The facilitator approves.
    facilitator.reload()
    assert_accessible(facilitator)
    facilitator.get_by_role("button", name="Approve").click()
    assert "Aline Uwase is now a member." in facilitator.content()

    # The practitioner now sees the community and its members.
    practitioner.reload()
    assert "You are a member." in practitioner.content()
    assert practitioner.locator("strong", has_text="Bienveillance").is_visible()
    practitioner.get_by_role("link", name="Members").click()
    assert_accessible(practitioner)
    assert practitioner.get_by_role("heading", name="Sophie Lambert").is_visible()
    assert "Eclosio" in practitioner.content()
    screenshot(practitioner, "community-members")


def test_invitation_by_csv_with_good_and_bad_lines(page, live_server, transactional_db, tmp_path):
    base = live_server.url
    make_facilitator()
    sign_in(page, base, "sophie@example.org")
    page.goto(f"{base}/communities/new/")
    page.get_by_label("Name*", exact=True).fill("Urban transport Mediterranean")
    page.get_by_label("Invitation only").check()
    page.get_by_role("button", name="Create the community").click()
    page.wait_for_url(re.compile(r"/manage/$"))

    cohort = tmp_path / "cohort.csv"
    cohort.write_text(
        "name,email\nKarim Haddad,karim@example.org\nNo address here,\nLeila,leila@example\nNikos,nikos@example.org\nKarim,karim@example.org\n",
        encoding="utf-8",
    )
    page.get_by_label("…or a CSV file").set_input_files(str(cohort))
    page.get_by_role("button", name="Send the invitations").click()
    assert page.get_by_role("status").inner_text() == "2 invitations sent."
    assert_accessible(page)
    rows = page.locator("tbody tr")
    outcomes = [rows.nth(i).locator("td").last.inner_text() for i in range(rows.count())]
    assert outcomes == ["Invited.", "Not a valid email address.", "Not a valid email address.", "Invited.", "Already in this list."]
    screenshot(page, "invitation-report")
    assert sorted(m.to[0] for m in mail.outbox) == ["karim@example.org", "nikos@example.org"]


def test_waiting_list_moves_when_the_capacity_is_raised_or_someone_is_admitted(page, live_server, transactional_db):
    base = live_server.url
    facilitator = make_facilitator()
    community = services.community_create(
        by=facilitator, name="CAP Agroécologie", join_policy="request", status="active"
    )
    people = {}
    for name in ("Moussa Diallo", "Zoé Kabore", "Adam Traoré", "Bea Ndiaye"):  # in the order they ask
        people[name] = UserFactory(display_name=name)
        membership = services.membership_join(community=community, user=people[name])
        services.membership_approve(membership=membership, by=facilitator)
        if name == "Moussa Diallo":
            services.community_update(community=community, by=facilitator, capacity=2)  # full from now on

    def status(name):
        return Membership.objects.get(user=people[name], community=community).status

    sign_in(page, base, "sophie@example.org")
    page.goto(f"{base}/communities/{community.slug}/manage/")
    # Numbered in the order they come in, not by name.
    waiting = page.locator("ol li").all_inner_texts()
    assert [line.split(" Admit now")[0] for line in waiting] == ["Zoé Kabore", "Adam Traoré", "Bea Ndiaye"]
    assert_accessible(page)

    # A capacity below the member count is refused, with the numbers; then one more place.
    page.get_by_role("link", name="Edit settings").click()
    page.get_by_label("Capacity").fill("1")
    page.get_by_role("button", name="Save").click()
    assert "This community has 2 members; the capacity can’t be lower than that." in page.content()
    assert_accessible(page)
    page.get_by_label("Capacity").fill("3")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/manage/$"))
    assert "Settings saved." in page.content()
    assert [status(name) for name in ("Zoé Kabore", "Adam Traoré", "Bea Ndiaye")] == [
        "active", "waitlisted", "waitlisted"
    ]
    assert any(m.to == [people["Zoé Kabore"].email] and m.subject.startswith("Welcome to") for m in mail.outbox)

    # The facilitator admits the last one out of turn: the capacity goes up by one for her.
    bea = page.locator("ol li", has_text="Bea Ndiaye")
    bea.get_by_role("button", name="Admit now (capacity becomes 4)").click()
    assert "Bea Ndiaye is now a member. The capacity was raised to 4." in page.content()
    assert [status(name) for name in ("Adam Traoré", "Bea Ndiaye")] == ["waitlisted", "active"]
    assert page.locator("ol li").count() == 1
    assert_accessible(page)
    screenshot(page, "community-waiting-list")
