"""A practitioner asks to run a community; a platform admin grants it from the notification;
she starts her community. Phone-sized, in the browser, as people do it."""

from communities.models import Community, CommunityStartRequest
from tests.conftest import platform_admins_group, verified
from tests.e2e.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD, UserFactory


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email*", exact=True).fill(email)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base}/")


def test_asking_to_run_a_community_then_starting_it(browser, live_server, transactional_db):
    base = live_server.url
    awa = verified(UserFactory(email="awa@example.org", display_name="Awa Diop"))
    admin = verified(UserFactory(email="pat@example.org", display_name="Pat Platform", is_staff=True))
    admin.groups.add(platform_admins_group())

    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(page, base, awa.email)
    page.goto(f"{base}/communities/")
    page.get_by_role("link", name="I would like to run a community").click()
    assert page.get_by_role("heading", level=1).inner_text() == "I would like to run a community"
    assert_accessible(page)
    page.get_by_label("The community you would like to run*").fill("Agroécologie au Sahel")
    page.get_by_label("Who it is for and why*").fill("Douze conseillers agricoles du Mali et du Niger.")
    page.get_by_role("button", name="Send my request").click()
    assert "Your request has been sent to the platform admins" in page.content()
    screenshot(page, "start-request-sent")

    admin_page = browser.new_context().new_page()
    sign_in(admin_page, base, admin.email)
    admin_page.goto(f"{base}/notifications/")
    admin_page.get_by_role("listitem").filter(has_text="Awa Diop would like to run a community").get_by_role(
        "button", name="Open"
    ).click()
    assert "Douze conseillers agricoles" in admin_page.content()
    assert_accessible(admin_page)
    admin_page.get_by_label("Grant: they may start communities").check()
    admin_page.get_by_role("button", name="Send my answer").click()
    assert "Your answer has been sent to Awa Diop." in admin_page.content()
    assert CommunityStartRequest.objects.get().status == "granted"

    page.goto(f"{base}/notifications/")
    page.get_by_role("listitem").filter(has_text="was granted").get_by_role("button", name="Open").click()
    page.get_by_label("Name*").fill("Agroécologie au Sahel")
    page.get_by_role("button", name="Create the community").click()
    assert "Your community is ready." in page.content()
    assert Community.objects.get().memberships.get().user == awa
