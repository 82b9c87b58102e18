"""A member tells how the community helped them (after forgetting the kind of value), the
facilitator features the story on the community's home; the story pages pass axe-core in
English, French and Arabic."""

import re

from communities import services as community_services
from communities.models import User
from knowledge import services as knowledge_services
from tests.e2e.conftest import assert_accessible, screenshot
from tests.e2e.test_community_membership import sign_in
from tests.e2e.test_sessions import verified_user


def test_a_member_tells_a_story_the_facilitator_features_it(browser, live_server, transactional_db):
    base = live_server.url
    facilitator = verified_user(email="moussa@example.org", display_name="Moussa Ndiaye")
    member = verified_user(email="nadege@example.org", display_name="Nadège Pierre-Louis", language="en")
    community = community_services.community_create(
        by=facilitator, name="CAP Agroécologie", join_policy="open", status="active"
    )
    community_services.membership_join(community=community, user=member)
    knowledge_services.post_create(
        community=community, author=facilitator, kind="question", title="Quels indicateurs de santé des sols ?"
    )

    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    sign_in(page, base, member.email)
    page.goto(f"{base}{community.get_absolute_url()}")
    page.get_by_role("link", name="Stories", exact=True).click()
    assert "No story yet." in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Tell your story", exact=True).click()
    page.get_by_label("Title*", exact=True).fill("Une grille de santé des sols pour Jérémie")
    page.get_by_label("Your story*", exact=True).fill("J'ai adapté la grille avec les animatrices de Konbit Vèt.")
    page.get_by_role("button", name="Share the story").click()
    assert "Choose the kind of value your story tells." in page.content()  # the cycle was forgotten
    assert_accessible(page)
    page.get_by_label("Applied value", exact=True).check()
    posts = page.get_by_label("Posts that helped (optional)")
    posts.select_option(posts.locator("option").first.get_attribute("value"))
    page.get_by_role("button", name="Share the story").click()
    page.wait_for_url(re.compile(r"/stories/\d+/$"))
    story_url = page.url
    assert page.get_by_role("link", name="Quels indicateurs de santé des sols ?").is_visible()
    assert_accessible(page)

    moderator = browser.new_context().new_page()
    moderator.set_default_timeout(10_000)
    sign_in(moderator, base, facilitator.email)
    moderator.goto(story_url)
    moderator.get_by_role("button", name="Feature on the community’s home").click()
    assert "The story is featured on the community’s home." in moderator.content()
    moderator.goto(f"{base}{community.get_absolute_url()}")
    assert moderator.get_by_role("heading", name="Featured stories").is_visible()
    assert moderator.get_by_role("link", name="Une grille de santé des sols pour Jérémie").is_visible()
    assert_accessible(moderator)
    screenshot(moderator, "stories-featured-on-home")

    list_url = f"{base}/communities/{community.slug}/stories/"
    for language in ("fr", "ar"):
        User.objects.filter(pk=member.pk).update(language=language)
        for address in (list_url, story_url, f"{list_url}new/"):
            page.goto(address)
            assert page.locator("html").get_attribute("lang") == language
            assert_accessible(page)
    screenshot(page, "stories-form-ar")
