"""manage.py seed_demo: the demo knowledge exchange (posts, replies, marks), idempotent."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from communities.models import Community, Membership, Notification, OutgoingEmail
from demo import communities as demo_communities
from demo import knowledge as demo_knowledge
from knowledge.models import Follow, HelpfulMark, Post, Reply
from knowledge.notifications import KnowledgeNotificationKind

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

SPECS = {spec.key: spec for spec in demo_communities.community_specs()}


def seed(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "posts": Post.objects.count(),
        "replies": Reply.objects.count(),
        "helpful marks": HelpfulMark.objects.count(),
        "follows": Follow.objects.count(),
        "accepted": Post.objects.filter(accepted_reply__isnull=False).count(),
        "tags": Tag.objects.count(),
        "notifications": Notification.objects.count(),
        "emails": OutgoingEmail.objects.count(),
    }


def community(key):
    return Community.objects.get(name=SPECS[key].name)


def is_active_member(user_id, community_id):
    return Membership.objects.filter(
        user=user_id, community=community_id, status=Membership.Status.ACTIVE
    ).exists()


def test_running_twice_leaves_the_same_posts_replies_marks_and_follows(settings):
    seed(settings)
    first = counts()
    seed(settings)
    assert counts() == first
    assert first["posts"] == len(demo_knowledge.POSTS)
    assert first["replies"] == sum(len(spec.replies) for spec in demo_knowledge.POSTS)
    assert first["helpful marks"] == sum(len(r.helpful) for spec in demo_knowledge.POSTS for r in spec.replies)
    assert first["follows"] >= first["posts"]  # every author follows their post, repliers too


def test_running_again_weeks_later_adds_nothing(settings, monkeypatch):
    seed(settings)
    first = counts()
    later = timezone.now() + timedelta(days=15)
    monkeypatch.setattr(timezone, "now", lambda: later)
    seed(settings)
    assert counts() == first


def test_every_seed_community_shares_experiences_questions_ideas_and_resources(settings):
    seed(settings)
    for key in SPECS:
        posts = community(key).posts.all()
        for kind, (low, high) in demo_knowledge.KIND_RANGES.items():
            assert low <= posts.filter(kind=kind).count() <= high, (key, kind)
        assert posts.filter(kind=Post.Kind.EXPERIENCE).exists(), key
        assert posts.filter(kind=Post.Kind.QUESTION).exists(), key


def test_experiences_are_structured_and_resources_have_a_link(settings):
    seed(settings)
    for post in Post.objects.filter(kind=Post.Kind.EXPERIENCE):
        assert post.context and post.what_was_done and post.what_happened and post.lessons, post.title
    for post in Post.objects.filter(kind=Post.Kind.RESOURCE):
        assert post.resource_url.startswith("https://example.org/"), post.title
    for post in Post.objects.exclude(kind=Post.Kind.RESOURCE):
        assert not post.resource_url, post.title
    for post in Post.objects.all():
        post.full_clean()


def test_some_questions_wait_and_some_have_an_accepted_answer(settings):
    seed(settings)
    assert Post.objects.unanswered_questions().exists()
    accepted = Post.objects.filter(accepted_reply__isnull=False).select_related("accepted_reply")
    assert accepted.exists()
    for post in accepted:
        assert post.kind == Post.Kind.QUESTION
        assert post.accepted_reply.post_id == post.pk
        assert post.accepted_reply.author_id != post.author_id
    # The unanswered ones and the answered ones are spread over several communities.
    assert Post.objects.unanswered_questions().values("community").distinct().count() >= 2
    assert accepted.values("community").distinct().count() == len(SPECS)


def test_posts_in_english_french_and_arabic_as_the_community_speaks(settings):
    seed(settings)
    assert {"en", "fr", "ar"} <= set(Post.objects.values_list("language", flat=True))
    caps = [community(key) for key in SPECS if key.startswith("cap_")]
    in_caps = Post.objects.filter(community__in=caps)
    assert in_caps.filter(language="fr").count() > in_caps.filter(language="en").count() > 0
    assert not in_caps.filter(language="ar").exists()
    transport = community("mediterranean_transport").posts.all()
    assert set(transport.values_list("language", flat=True)) == {"en"}
    egypt = community("egypt").posts.all()
    assert egypt.filter(language="en").count() > egypt.filter(language="ar").count() > 0
    arabic = community("participatory_evaluation").posts.all()
    assert arabic.filter(language="ar").count() > arabic.exclude(language="ar").count()


def test_authors_repliers_and_markers_are_active_members(settings):
    seed(settings)
    for post in Post.objects.all():
        assert is_active_member(post.author_id, post.community_id), post.title
    for reply in Reply.objects.select_related("post"):
        assert is_active_member(reply.author_id, reply.post.community_id), reply.body[:40]
    for mark in HelpfulMark.objects.select_related("reply__post"):
        assert is_active_member(mark.user_id, mark.reply.post.community_id)
        assert mark.user_id != mark.reply.author_id


def test_threads_are_one_level_deep_within_a_post(settings):
    seed(settings)
    threaded = Reply.objects.filter(parent__isnull=False).select_related("parent")
    assert threaded.exists()
    for reply in threaded:
        assert reply.parent.post_id == reply.post_id
        assert reply.parent.parent_id is None
        assert reply.parent.created_at < reply.created_at


def test_counters_follow_the_rows(settings):
    seed(settings)
    for post in Post.objects.all():
        assert post.reply_count == post.replies.count(), post.title
        assert Follow.objects.filter(post=post, user=post.author).exists()
        for reply in post.replies.all():
            assert Follow.objects.filter(post=post, user=reply.author).exists()
            assert reply.helpful_count == reply.helpful_marks.count()
    assert HelpfulMark.objects.exists()


def test_mentions_notify_co_members(settings):
    seed(settings)
    mentions = Notification.objects.filter(kind=KnowledgeNotificationKind.MENTION)
    assert mentions.exists()
    for notification in mentions:
        assert is_active_member(notification.recipient_id, notification.community_id)
    assert Reply.objects.filter(body__contains="@").exists()


def test_some_posts_come_from_a_past_session_of_their_community(settings):
    seed(settings)
    linked = Post.objects.filter(session__isnull=False).select_related("session")
    assert linked.exists()
    for post in linked:
        assert post.session.community_id == post.community_id
        assert post.session.ends_at < post.created_at, post.title


def test_dates_read_like_the_last_weeks(settings):
    seed(settings)
    now = timezone.now()
    posts = Post.objects.all()
    assert posts.filter(created_at__lt=now - timedelta(days=14)).exists()
    for post in posts:
        assert post.created_at < now
        replies = list(post.replies.order_by("created_at", "pk"))
        for reply in replies:
            assert post.created_at < reply.created_at < now
        newest = replies[-1].created_at if replies else post.created_at
        assert post.last_activity_at == newest, post.title


def test_themes_reuse_the_demo_tags(settings):
    seed(settings)
    themes = {tag.name for post in Post.objects.prefetch_related("themes") for tag in post.themes.all()}
    assert themes and themes <= demo_knowledge.allowed_themes()
    assert all(post.themes.exists() for post in Post.objects.all())


def test_knowledge_emails_are_kept_back(settings):
    seed(settings)
    emails = OutgoingEmail.objects.filter(template__startswith="knowledge/")
    assert emails.exists()
    assert set(emails.values_list("status", flat=True)) == {OutgoingEmail.Status.FAILED}


def test_prints_the_knowledge_summary(settings):
    output = seed(settings)
    line = next(line for line in output.splitlines() if line.startswith("Demo knowledge ready"))
    kinds = {kind: Post.objects.filter(kind=kind).count() for kind in Post.Kind.values}
    assert f"{Post.objects.count()} posts ({kinds['experience']} experiences, {kinds['question']} questions, " in line
    assert f"{kinds['idea']} ideas, {kinds['resource']} resources) in {len(SPECS)} communities" in line
    assert f"{Reply.objects.count()} replies" in line
    assert f"{Post.objects.filter(accepted_reply__isnull=False).count()} accepted answers" in line
    assert f"{Post.objects.unanswered_questions().count()} questions awaiting a reply" in line
    assert f"{HelpfulMark.objects.count()} helpful marks" in line
