"""manage.py seed_demo: value-creation stories in every seed community, one featured on its home, idempotent."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, Membership, Notification
from demo import communities as demo_communities
from demo import stories as demo_stories
from knowledge.models import ValueCycle, ValueStory
from knowledge.services.stories import stories_per_cycle

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

SPECS = {spec.key: spec for spec in demo_communities.community_specs()}


def seed(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "stories": ValueStory.objects.count(),
        "featured": ValueStory.objects.filter(is_featured=True).count(),
        "links": sum(
            model.objects.count()
            for model in (ValueStory.sessions.through, ValueStory.posts.through, ValueStory.products.through)
        ),
        "notifications": Notification.objects.count(),
    }


def test_running_twice_or_weeks_later_leaves_the_same_stories(settings, monkeypatch):
    output = seed(settings)
    first = counts()
    assert first["stories"] == len(demo_stories.STORIES)
    assert f"Demo value stories ready: {len(demo_stories.STORIES)} value-creation stories" in output
    seed(settings)
    assert counts() == first
    later = timezone.now() + timedelta(days=15)
    monkeypatch.setattr(timezone, "now", lambda: later)
    seed(settings)
    assert counts() == first


def test_every_seed_community_tells_stories_of_several_cycles_one_featured_on_its_home(settings, client):
    seed(settings)
    low, high = demo_stories.STORIES_PER_COMMUNITY
    for spec in SPECS.values():
        community = Community.objects.get(name=spec.name)
        per_cycle = stories_per_cycle(community)
        assert low <= sum(per_cycle.values()) <= high, spec.key
        assert sum(1 for count in per_cycle.values() if count) >= 2, spec.key
        assert community.value_stories.filter(is_featured=True).count() == 1, spec.key
    assert set(ValueStory.objects.values_list("cycle", flat=True)) == set(ValueCycle.values)
    assert {"en", "fr", "ar"} <= set(ValueStory.objects.values_list("language", flat=True))
    featured = ValueStory.objects.select_related("community").get(
        is_featured=True, community__name=SPECS["mediterranean_transport"].name
    )
    text = client.get(reverse("communities:detail", args=[featured.community.slug])).content.decode()
    assert "Featured stories" in text and featured.title.replace("'", "&#x27;") in text


def test_stories_are_told_by_members_and_cite_their_own_communitys_past_content(settings):
    seed(settings)
    now = timezone.now()
    for story in ValueStory.objects.prefetch_related("sessions", "posts", "products"):
        story.full_clean()
        assert Membership.objects.active().filter(user=story.author_id, community=story.community_id).exists()
        linked = [*story.sessions.all(), *story.posts.all(), *story.products.all()]
        assert linked, story.title
        assert all(item.community_id == story.community_id for item in linked), story.title
        assert all(session.ends_at < story.created_at for session in story.sessions.all()), story.title
        assert story.created_at < now and (not story.is_featured or story.created_at <= story.featured_at < now)

