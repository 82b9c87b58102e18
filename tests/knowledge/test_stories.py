"""Value-creation stories: who may read, write, feature, report and hide them; what is
refused; hidden stories stay hidden everywhere; search, the community's home, admin and the
count per cycle the health dashboard reads."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from communities.models import Notification
from communities.services import membership_leave
from knowledge import search
from knowledge import services as knowledge
from knowledge.models import ContentReport, ValueStory
from knowledge.notifications import KnowledgeNotificationKind
from knowledge.services import products
from knowledge.services import stories as services
from tests.conftest import PERSONAS

from .test_pages import another_member, page_text, schedule
from .test_query_counts import count_queries, signed_in

pytestmark = pytest.mark.django_db

ALLOW, LOGIN, DENY, NOT_FOUND = 200, "login", 403, 404
READERS = {"member", "facilitator", "staff"}  # of the private community
WRITERS = {"member", "facilitator"}  # its active members
MODERATORS = {"facilitator", "staff"}
PUBLIC_MODERATORS = {"other_facilitator", "staff"}
EVERYONE = set(PERSONAS)

STORY_TEXT = "After the peer assist on compost I tried the **zaï grid** with two women's groups in Thiès."


def expected(persona, allowed):
    if persona in allowed:
        return ALLOW
    return LOGIN if persona == "anonymous" else DENY


def check(response, answer):
    if answer == LOGIN:
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == answer


def url(name, community, *args):
    return reverse(f"stories:{name}", args=[community.slug, *args])


def tell(community, author, title="The zaï grid changed our baseline survey", cycle="applied", **fields):
    return services.story_create(
        community=community, author=author, title=title, body=fields.pop("body", STORY_TEXT), cycle=cycle, **fields
    )


@pytest.fixture
def story(community, member):
    """The member's story, in the private community."""
    return tell(community, member)


@pytest.fixture
def public_story(public_community, other_facilitator):
    return tell(
        public_community, other_facilitator, title="Our BRT lane study was reused in Tunis", cycle="realized",
        body="The Casablanca BRT lane study we shared was reused by Tunis for its first line.",
    )


def form_data(**fields):
    values = {"title": "What the field school taught me", "cycle": "potential", "body": STORY_TEXT, "language": "en"}
    values.update(fields)
    return values


# --- Who may open which page --------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("page", "allowed"),
    [
        ("list", READERS),
        ("create", WRITERS),
        ("detail", READERS),
        ("edit", {"member"}),  # the author only: a testimony is theirs
        ("delete", {"member"}),
        ("report", {"facilitator"}),  # members other than the author
        ("hide", MODERATORS),
    ],
)
def test_pages_of_a_private_community(client, as_persona, story, persona, page, allowed):
    as_persona(persona)
    args = [] if page in ("list", "create") else [story.pk]
    check(client.get(url(page, story.community, *args)), expected(persona, allowed))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("page", "allowed"),
    [
        ("list", EVERYONE),
        ("detail", EVERYONE),
        ("create", {"other_facilitator"}),  # its only member
        ("edit", {"other_facilitator"}),
        ("report", set()),  # nobody but the author is a member
        ("hide", PUBLIC_MODERATORS),
    ],
)
def test_pages_of_a_public_community(client, as_persona, public_story, persona, page, allowed):
    as_persona(persona)
    args = [] if page in ("list", "create") else [public_story.pk]
    response = client.get(url(page, public_story.community, *args))
    check(response, expected(persona, allowed))
    if page in ("list", "detail"):
        assert public_story.title in page_text(response)


@pytest.mark.parametrize("persona", PERSONAS)
def test_featuring_in_a_private_community(client, as_persona, story, persona):
    as_persona(persona)
    response = client.post(url("feature", story.community, story.pk), {"featured": "1"})
    if persona in MODERATORS:
        assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
    else:
        check(response, expected(persona, MODERATORS))
    story.refresh_from_db()
    assert story.is_featured == (persona in MODERATORS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_featuring_in_a_public_community(client, as_persona, public_story, persona):
    as_persona(persona)
    response = client.post(url("feature", public_story.community, public_story.pk), {"featured": "1"})
    if persona not in PUBLIC_MODERATORS:
        check(response, expected(persona, PUBLIC_MODERATORS))
    public_story.refresh_from_db()
    assert public_story.is_featured == (persona in PUBLIC_MODERATORS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_hiding_in_a_private_community(client, as_persona, story, persona):
    as_persona(persona)
    response = client.post(url("hide", story.community, story.pk), {"note": "Names a farmer without consent."})
    if persona in MODERATORS:
        assert response.status_code == 302
    else:
        check(response, expected(persona, MODERATORS))
    story.refresh_from_db()
    assert story.is_hidden == (persona in MODERATORS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_writing_a_story_in_a_private_community(client, as_persona, community, persona):
    user = as_persona(persona)
    response = client.post(url("create", community), form_data())
    saved = ValueStory.objects.filter(title="What the field school taught me")
    if persona in WRITERS:
        story = saved.get()
        assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
        assert story.author == user and story.cycle == "potential" and story.community == community
    else:
        check(response, expected(persona, WRITERS))
        assert not saved.exists()


# --- Bad input: refused with a message, nothing saved ---------------------------------------------


def test_a_non_members_story_is_refused_with_a_message_and_nothing_saved(public_community, outsider):
    with pytest.raises(ValidationError, match="Only members of the community can write here."):
        tell(public_community, outsider)
    assert not ValueStory.objects.exists()


def test_a_pending_requesters_story_is_refused_too(community, requester, client):
    with pytest.raises(ValidationError, match="Only members of the community can write here."):
        tell(community, requester)
    client.force_login(requester)
    assert client.post(url("create", community), form_data()).status_code == 403
    assert not ValueStory.objects.exists()


def test_an_outsider_posting_to_a_public_community_is_refused_and_nothing_saved(client, public_community, outsider):
    client.force_login(outsider)
    response = client.post(url("create", public_community), form_data())
    assert response.status_code == 403
    assert not ValueStory.objects.exists()


def test_a_member_who_left_can_no_longer_write_or_edit(community, member, story, client):
    membership_leave(membership=community.memberships.get(user=member))
    with pytest.raises(ValidationError, match="Only members of the community can write here."):
        tell(community, member, title="Another one")
    with pytest.raises(ValidationError):
        services.story_update(story=story, by=member, title="Changed")
    client.force_login(member)
    assert client.get(url("edit", community, story.pk)).status_code == 403
    story.refresh_from_db()
    assert story.title == "The zaï grid changed our baseline survey"


@pytest.mark.parametrize("cycle", ["enlightened", "", "IMMEDIATE"])
def test_a_bad_cycle_is_refused_with_a_message_and_nothing_saved(client, community, member, cycle):
    client.force_login(member)
    response = client.post(url("create", community), form_data(cycle=cycle))
    text = page_text(response)
    assert ("Choose one of the five kinds of value" in text) or ("Choose the kind of value your story tells." in text)
    assert 'class="form-check-input is-invalid"' in text
    assert not ValueStory.objects.exists()


def test_the_service_and_the_database_refuse_a_bad_cycle(community, member, story):
    with pytest.raises(ValidationError) as refused:
        tell(community, member, title="Bad", cycle="enlightened")
    assert "cycle" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        ValueStory.objects.filter(pk=story.pk).update(cycle="enlightened")


def test_an_empty_title_or_text_is_refused(client, community, member):
    client.force_login(member)
    text = page_text(client.post(url("create", community), form_data(title="   ", body="")))
    assert text.count("This field is required.") == 2
    assert not ValueStory.objects.exists()


def test_a_story_cites_only_its_own_communitys_sessions_posts_and_products(
    client, community, member, public_community, public_post, write_post
):
    theirs = schedule(public_community, "Bus lanes")
    ours = schedule(community, "Peer assist on compost")
    our_post = write_post(title="Compost tea")
    client.force_login(member)
    form = page_text(client.get(url("create", community)))
    assert "Peer assist on compost" in form and "Compost tea" in form
    assert "Bus lanes" not in form and public_post.title not in form
    for field, value in (("sessions", theirs.pk), ("posts", public_post.pk)):
        text = page_text(client.post(url("create", community), form_data(**{field: [value]})))
        assert "Choose among the sessions, posts and products of this community." in text
    assert not ValueStory.objects.exists()
    with pytest.raises(ValidationError) as refused:
        tell(community, member, posts=[public_post], sessions=[ours])
    assert set(refused.value.message_dict) == {"posts"}
    assert not ValueStory.objects.exists()
    story = tell(community, member, posts=[our_post], sessions=[ours])
    assert list(story.posts.all()) == [our_post] and list(story.sessions.all()) == [ours]


def test_a_hidden_post_cannot_be_cited(community, member, facilitator, write_post):
    post = write_post(title="Off topic")
    knowledge.content_hide(target=post, by=facilitator, note="Off topic.")
    with pytest.raises(ValidationError, match="not hidden"):
        tell(community, member, posts=[post])


# --- Writing and editing ------------------------------------------------------------------------


def test_the_author_edits_their_story_and_its_links(client, community, member, story, write_post):
    post = write_post(title="Compost tea")
    client.force_login(member)
    response = client.post(
        url("edit", community, story.pk), form_data(title="The zaï grid, one year on", cycle="realized", posts=[post.pk])
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "The zaï grid, one year on" and story.cycle == "realized" and story.edited_at is not None
    assert list(story.posts.all()) == [post]


def test_a_facilitator_cannot_rewrite_a_members_story(community, facilitator, story):
    with pytest.raises(ValidationError, match="Only the author"):
        services.story_update(story=story, by=facilitator, title="Rewritten")


def test_the_author_deletes_their_story(client, community, member, story):
    client.force_login(member)
    response = client.post(url("delete", community, story.pk))
    assert response.status_code == 302 and response["Location"] == url("list", community)
    assert not ValueStory.objects.exists()


def test_the_cycle_choices_explain_each_kind_of_value(client, community, member):
    client.force_login(member)
    text = page_text(client.get(url("create", community)))
    for label in ("Immediate value", "Potential value", "Applied value", "Realized value", "Transformative value"):
        assert label in text
    assert "I used it: I changed how I work" in text
    # Each choice is described by its help, for screen readers too.
    assert 'aria-describedby="id_cycle_0-help"' in text and 'id="id_cycle_0-help"' in text


def test_the_detail_shows_what_helped_that_the_reader_may_see(client, public_community, other_facilitator):
    session = schedule(public_community, "Bus lanes workshop")
    post = knowledge.post_create(community=public_community, author=other_facilitator, kind="idea", title="Shared lanes")
    draft = products.product_create(community=public_community, by=other_facilitator, title="Internal BRT memo")
    story = tell(public_community, other_facilitator, sessions=[session], posts=[post], products=[draft])
    anonymous = page_text(client.get(story.get_absolute_url()))
    assert "Bus lanes workshop" in anonymous and "Shared lanes" in anonymous
    assert "Internal BRT memo" not in anonymous  # a draft of the community: members only
    client.force_login(other_facilitator)
    assert "Internal BRT memo" in page_text(client.get(story.get_absolute_url()))


def test_the_body_is_markdown_and_never_markup(client, community, member):
    story = tell(community, member, body="**Bold** <script>alert(1)</script>")
    client.force_login(member)
    text = page_text(client.get(story.get_absolute_url()))
    assert "<strong>Bold</strong>" in text and "<script>alert(1)</script>" not in text


# --- The list -----------------------------------------------------------------------------------


def test_the_list_filters_by_cycle_and_counts_each_cycle(client, community, member, facilitator):
    tell(community, member, title="Got an answer in a day", cycle="immediate")
    tell(community, member, title="Changed our survey", cycle="applied")
    tell(community, facilitator, title="Saved a season", cycle="realized")
    client.force_login(member)
    text = page_text(client.get(url("list", community), {"cycle": "applied"}))
    assert "Changed our survey" in text and "Got an answer in a day" not in text and "Saved a season" not in text
    assert re.search(r'href="\?cycle=immediate">Immediate value</a>: 1<', text)
    assert re.search(r'href="\?cycle=potential">Potential value</a>: 0<', text)


def test_a_bad_filter_is_ignored_with_a_message(client, community, member, story):
    client.force_login(member)
    text = page_text(client.get(url("list", community), {"cycle": "<b>nope</b>"}))
    assert "A filter was not understood and is ignored." in text and story.title in text
    assert "<b>nope</b>" not in text


def test_an_empty_list_invites_the_first_story(client, community, member):
    client.force_login(member)
    text = page_text(client.get(url("list", community)))
    assert "No story yet." in text and "Be the first to tell how the community helped you" in text


def test_the_list_paginates(client, community, member):
    for number in range(23):
        tell(community, member, title=f"Story {number:02}")
    client.force_login(member)
    first = page_text(client.get(url("list", community)))
    second = page_text(client.get(url("list", community), {"page": 2}))
    assert "Story 22" in first and "Story 02" not in first
    assert "Story 02" in second and "Page 2 of 2" in second


def test_the_list_costs_the_same_queries_with_3_or_30_stories(community, member, facilitator):
    listing = url("list", community)
    clients = signed_in(member, facilitator)  # a reader, and a moderator who also sees hidden stories

    def add(start, stop):
        for index in range(start, stop):
            author = member if index % 2 else facilitator
            story = tell(community, author, title=f"Story {index}", cycle=["immediate", "applied", "realized"][index % 3])
            if index % 7 == 3:
                services.story_hide(story=story, by=facilitator, note="Off topic.")

    add(0, 3)
    few = [count_queries(client, listing) for client in clients]
    add(3, 30)
    many = [count_queries(client, listing) for client in clients]
    assert few == many


# --- Hidden stories -------------------------------------------------------------------------------


def test_a_hidden_story_is_seen_only_by_its_author_and_the_moderators(client, community, member, facilitator, story):
    services.story_hide(story=story, by=facilitator, note="Names a farmer without consent.")
    reader = another_member(community)
    client.force_login(reader)
    assert story.title not in page_text(client.get(url("list", community)))
    hidden_page = page_text(client.get(story.get_absolute_url()))
    assert "This story is hidden" in hidden_page and "zaï grid" not in hidden_page
    for person in (member, facilitator):
        client.force_login(person)
        assert "Names a farmer without consent." in page_text(client.get(story.get_absolute_url()))
    client.force_login(facilitator)
    assert "Hidden by a facilitator" in page_text(client.get(url("list", community)))


def test_a_hidden_public_story_is_a_404_to_visitors(client, public_story, other_facilitator):
    services.story_hide(story=public_story, by=other_facilitator, note="Duplicate.")
    assert client.get(public_story.get_absolute_url()).status_code == NOT_FOUND
    assert public_story.title not in page_text(client.get(url("list", public_story.community)))


def test_hiding_needs_a_note(client, community, facilitator, story):
    client.force_login(facilitator)
    text = page_text(client.post(url("hide", community, story.pk), {"note": "  "}))
    assert "This field is required." in text
    story.refresh_from_db()
    assert not story.is_hidden


def test_hiding_tells_the_author_with_the_note_and_takes_the_story_off_the_home(
    community, member, facilitator, story, mailoutbox, django_capture_on_commit_callbacks
):
    services.story_feature(story=story, by=facilitator, featured=True)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.story_hide(story=story, by=facilitator, note="Names a <b>farmer</b>.")
        services.story_hide(story=story, by=facilitator, note="Again.")  # already hidden: told once
    story.refresh_from_db()
    assert story.is_hidden and not story.is_featured and story.hidden_by == facilitator
    (notification,) = Notification.objects.filter(recipient=member, kind=KnowledgeNotificationKind.STORY_HIDDEN)
    assert notification.data["note"] == "Names a <b>farmer</b>." and notification.url == story.get_absolute_url()
    (message,) = mailoutbox
    assert message.to == [member.email] and message.subject == "Your story was hidden in CAP Agroécologie"
    assert "Names a <b>farmer</b>." in message.body and "Names a &lt;b&gt;farmer&lt;/b&gt;." in message.alternatives[0][0]


def test_a_hidden_story_cannot_be_featured(community, facilitator, story):
    services.story_hide(story=story, by=facilitator, note="Off topic.")
    with pytest.raises(ValidationError):
        services.story_feature(story=story, by=facilitator, featured=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ValueStory.objects.filter(pk=story.pk).update(is_featured=True)


def test_showing_again(client, community, facilitator, story):
    services.story_hide(story=story, by=facilitator, note="Off topic.")
    client.force_login(facilitator)
    assert client.post(url("unhide", community, story.pk)).status_code == 302
    story.refresh_from_db()
    assert not story.is_hidden and story.hidden_note == ""


# --- Reports ------------------------------------------------------------------------------------


def test_a_members_report_reaches_the_facilitators_queue_and_hiding_resolves_it(
    client, community, member, facilitator, story
):
    reader = another_member(community)
    client.force_login(reader)
    response = client.post(url("report", community, story.pk), {"reason": "It names a farmer."})
    assert response.status_code == 302
    report = ContentReport.objects.get(story=story)
    assert report.reporter == reader and report.community == community
    assert Notification.objects.filter(recipient=facilitator, kind=KnowledgeNotificationKind.CONTENT_REPORTED).exists()
    with pytest.raises(ValidationError, match="already reported"):
        services.story_report(story=story, reporter=reader, reason="Again.")

    client.force_login(facilitator)
    queue = page_text(client.get(reverse("knowledge:reports", args=[community.slug])))
    assert "It names a farmer." in queue and story.title in queue
    assert url("hide", community, story.pk) + "?from=reports" in queue
    response = client.post(url("hide", community, story.pk), {"note": "Consent first.", "from": "reports"})
    assert response["Location"] == reverse("knowledge:reports", args=[community.slug])
    report.refresh_from_db()
    assert report.status == ContentReport.Status.HIDDEN and report.resolved_by == facilitator


def test_the_author_cannot_report_their_own_story(community, member, story):
    with pytest.raises(ValidationError, match="your own story"):
        services.story_report(story=story, reporter=member, reason="I regret it.")
    assert not ContentReport.objects.exists()


def test_a_report_is_about_one_thing_only(story, post, member):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContentReport.objects.create(story=story, post=post, reporter=member, reason="Both.")


# --- Featured on the community's home ------------------------------------------------------------


def test_a_featured_story_is_on_the_community_home(client, community, member, facilitator, story):
    home = reverse("communities:detail", args=[community.slug])
    client.force_login(member)
    assert "Featured stories" not in page_text(client.get(home))
    services.story_feature(story=story, by=facilitator, featured=True)
    text = page_text(client.get(home))
    assert "Featured stories" in text and story.title in text and "zaï grid" in text
    services.story_feature(story=story, by=facilitator, featured=False)
    assert story.title not in page_text(client.get(home))


def test_a_public_communitys_featured_story_is_on_its_home_for_visitors(client, public_story, other_facilitator):
    services.story_feature(story=public_story, by=other_facilitator, featured=True)
    text = page_text(client.get(reverse("communities:detail", args=[public_story.community.slug])))
    assert "Featured stories" in text and public_story.title in text


def test_featuring_tells_the_author_once(community, member, facilitator, story):
    services.story_feature(story=story, by=facilitator, featured=True)
    services.story_feature(story=story, by=facilitator, featured=True)  # a double click
    assert Notification.objects.filter(recipient=member, kind=KnowledgeNotificationKind.STORY_FEATURED).count() == 1


# --- Search ---------------------------------------------------------------------------------------


@pytest.mark.sqlite
def test_search_finds_a_story_for_those_who_may_read_it(community, member, facilitator, outsider, story):
    found = search.search(member, "zaï grid")
    assert [(result.kind, result.title) for result in found if result.kind == "story"] == [("story", story.title)]
    assert all(result.kind != "story" for result in search.search(outsider, "zaï grid"))
    assert [r.title for r in search.search(member, "zaï", kind="story")] == [story.title]
    services.story_hide(story=story, by=facilitator, note="Off topic.")
    assert all(result.kind != "story" for result in search.search(another_member(community), "zaï grid"))


@pytest.mark.sqlite
def test_the_search_page_offers_and_shows_stories(client, public_story):
    text = page_text(client.get(reverse("search:search"), {"q": "Casablanca", "kind": "story"}))
    assert public_story.title in text and "Value-creation story" in text
    assert "<mark>Casablanca</mark>" in text


# --- What the health dashboard counts ------------------------------------------------------------


def test_stories_per_cycle(community, member, facilitator, public_story):
    tell(community, member, title="One", cycle="applied")
    tell(community, facilitator, title="Two", cycle="applied")
    tell(community, member, title="Three", cycle="immediate")
    hidden = tell(community, member, title="Four", cycle="realized")
    services.story_hide(story=hidden, by=facilitator, note="Off topic.")
    assert services.stories_per_cycle(community) == {
        "immediate": 1, "potential": 0, "applied": 2, "realized": 0, "transformative": 0,
    }
    assert list(services.stories_per_cycle(community)) == ["immediate", "potential", "applied", "realized", "transformative"]


# --- Admin ---------------------------------------------------------------------------------------

STORIES_ADMIN = "admin:knowledge_valuestory_changelist"


@pytest.mark.parametrize("persona", ["member", "facilitator"])
def test_non_staff_cannot_reach_the_stories_admin(client, as_persona, persona, story):
    as_persona(persona)
    response = client.get(reverse(STORIES_ADMIN))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_staff_browse_and_filter_stories_by_cycle(client, staff, community, member):
    tell(community, member, title="Got an answer in a day", cycle="immediate")
    tell(community, member, title="Changed our survey", cycle="applied")
    client.force_login(staff)
    text = page_text(client.get(reverse(STORIES_ADMIN), {"cycle__exact": "applied"}))
    assert "Changed our survey" in text and "Got an answer in a day" not in text
    detail = page_text(client.get(reverse("admin:knowledge_valuestory_change", args=[ValueStory.objects.first().pk])))
    assert "Changed our survey" in detail or "Got an answer in a day" in detail


def test_staff_export_stories_as_csv_with_formulas_neutralised(client, staff, community, member, write_post):
    post = write_post(title="Compost tea")
    first = tell(community, member, title="=HYPERLINK(\"https://evil.example\")", cycle="immediate", posts=[post])
    second = tell(community, member, title="Plain", cycle="transformative", body="+1 for the field school")
    client.force_login(staff)
    response = client.post(
        reverse(STORIES_ADMIN), {"action": "export_csv", "_selected_action": [first.pk, second.pk]}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_title = {row["title"]: row for row in rows}
    assert set(by_title) == {"'=HYPERLINK(\"https://evil.example\")", "Plain"}
    assert by_title["'=HYPERLINK(\"https://evil.example\")"]["posts"] == "Compost tea"
    assert by_title["Plain"]["body"] == "'+1 for the field school" and by_title["Plain"]["cycle"] == "transformative"


def test_staff_hide_and_feature_from_admin(client, staff, community, member, story):
    client.force_login(staff)
    client.post(reverse(STORIES_ADMIN), {"action": "feature", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.is_featured
    client.post(reverse(STORIES_ADMIN), {"action": "hide", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.is_hidden and not story.is_featured and story.hidden_note == "Hidden by an administrator."


def test_a_new_story_is_offered_in_its_authors_language(client, community, member):
    member.language = "fr"
    member.save(update_fields=["language"])
    client.force_login(member)
    text = page_text(client.get(url("create", community)))
    assert re.search(r'<option value="fr" selected>', text)
