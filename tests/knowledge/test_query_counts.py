"""The list of posts and a conversation cost the same number of queries whatever their length."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership
from knowledge import services
from tests.factories import UserFactory

from .test_pages import another_member

pytestmark = pytest.mark.django_db

KINDS = ["experience", "question", "idea", "resource"]


def active_member(community):
    """A member of an invitation-only community, without the invitation round trip."""
    person = UserFactory()
    Membership.objects.create(user=person, community=community, status="active", joined_at=timezone.now())
    return person


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, site settings) first
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def add_posts(community, authors, facilitator, count, start=0):
    for number in range(start, start + count):
        post = services.post_create(
            community=community, author=authors[number % len(authors)], kind=KINDS[number % len(KINDS)],
            title=f"Post {number:03}", body="Some **text**.", themes=["agroecology", f"theme {number}"],
        )
        if number % 7 == 3:
            services.content_hide(target=post, by=facilitator, note="Off topic.")


def signed_in(*people):
    clients = []
    for person in people:
        client = Client()
        client.force_login(person)
        clients.append(client)
    return clients


def test_the_list_of_posts(community, member, facilitator):
    authors = [member, facilitator, another_member(community)]
    listing = reverse("knowledge:list", args=[community.slug])
    urls = [listing, f"{listing}?unanswered_first=on&theme=agroecology&language=en"]
    clients = signed_in(member, facilitator)  # a reader, and a moderator who also sees hidden posts
    add_posts(community, authors, facilitator, 5)
    few = [count_queries(client, url) for client in clients for url in urls]
    add_posts(community, authors, facilitator, 195, start=5)
    assert [count_queries(client, url) for client in clients for url in urls] == few
    assert [count_queries(client, f"{listing}?page=3") for client in clients] == few[::2]


def test_the_list_of_a_public_community_for_anonymous_visitors(client, other_facilitator, public_community):
    listing = reverse("knowledge:list", args=[public_community.slug])
    add_posts(public_community, [other_facilitator], other_facilitator, 5)
    few = count_queries(client, listing)
    add_posts(public_community, [other_facilitator], other_facilitator, 195, start=5)
    assert count_queries(client, listing) == few


def add_replies(post, repliers, facilitator, count, start=0):
    replies = list(post.replies.filter(parent=None))
    for number in range(start, start + count):
        author = repliers[number % len(repliers)]
        parent = replies[number % len(replies)] if replies and number % 3 == 0 else None
        reply = services.reply_create(post=post, author=author, body=f"Reply {number} with **markdown**.", parent=parent,
                                      quote="an earlier point" if number % 4 == 0 else "")
        if parent is None:
            replies.append(reply)
        if number % 5 == 1 and author != facilitator:
            services.helpful_toggle(reply=reply, user=facilitator)
        if number % 5 == 2 and author != post.author:
            services.helpful_toggle(reply=reply, user=post.author)
        if number % 11 == 4:
            services.content_hide(target=reply, by=facilitator, note="Rude.")


def test_a_conversation(question, member, facilitator, staff):
    community = question.community
    repliers = [facilitator, member, another_member(community), another_member(community, name="Binta Ba")]
    add_replies(question, repliers, facilitator, 5)
    services.answer_accept(post=question, reply=question.replies.filter(is_hidden=False).first(), by=member)
    detail = reverse("knowledge:detail", args=[community.slug, question.pk])
    urls = [detail, f"{detail}?quote={question.replies.first().pk}"]
    clients = signed_in(member, facilitator, staff)  # the asker, a moderator who replied, a moderator from outside
    few = [count_queries(client, url) for client in clients for url in urls]
    add_replies(question, repliers, facilitator, 195, start=5)
    assert question.replies.count() == 200
    assert [count_queries(client, url) for client in clients for url in urls] == few


def test_a_conversation_in_a_public_community_for_anonymous_visitors(client, public_post, other_facilitator):
    community = public_post.community
    members = [other_facilitator, *(active_member(community) for _ in range(2))]
    add_replies(public_post, members, other_facilitator, 5)
    detail = reverse("knowledge:detail", args=[community.slug, public_post.pk])
    few = count_queries(client, detail)
    add_replies(public_post, members, other_facilitator, 195, start=5)
    assert count_queries(client, detail) == few


def test_the_dashboard_and_community_home(client, community, member, facilitator):
    client.force_login(member)
    add_posts(community, [member, facilitator], facilitator, 5)
    home, dashboard = community.get_absolute_url(), reverse("home")
    few = count_queries(client, home), count_queries(client, dashboard)
    add_posts(community, [member, facilitator], facilitator, 20, start=5)
    assert (count_queries(client, home), count_queries(client, dashboard)) == few


def test_the_notification_list_with_the_knowledge_kinds(client, question, member, facilitator):
    """Accepted answers and hidden replies read from the notification's own data: no query per row."""
    client.force_login(member)

    def tell_member(count, start):
        for number in range(start, start + count):
            reply = services.reply_create(post=question, author=member, body=f"Answer {number}.")
            services.answer_accept(post=question, reply=reply, by=facilitator)
            services.content_hide(target=reply, by=facilitator, note=f"Off topic {number}.")

    listing = reverse("notifications:list")
    tell_member(2, 0)
    few = count_queries(client, listing)
    tell_member(12, 2)
    assert member.notifications.filter(kind__in=["answer_accepted", "reply_hidden"]).count() == 28
    assert count_queries(client, listing) == few
