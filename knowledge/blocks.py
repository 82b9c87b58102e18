"""The knowledge blocks of the ground floor's pages: recent posts on the dashboard and on a community's home,
and the value-creation stories its facilitators feature there."""

from django.db.models import Max

from communities import permissions
from communities.models import Community

from .models import CapitalizationProduct, Post, Reply, ValueStory

DASHBOARD_LIMIT = 8
COMMUNITY_LIMIT = 5
TEMPLATE = "knowledge/partials/recent_posts_block.html"


def dashboard_recent_posts(request):
    """The latest conversations in the communities where the person is an active member."""
    if not request.user.is_authenticated:
        return None
    posts = (
        Post.objects.visible()
        .filter(community__in=Community.objects.of_member(request.user))
        .select_related("community", "author")
        .order_by("-last_activity_at", "-pk")[:DASHBOARD_LIMIT]
    )
    return {"template": TEMPLATE, "posts": list(posts), "show_community": True}


def community_recent_posts(request, community):
    if not permissions.can_view_knowledge(request.user, community):
        return None
    posts = list(
        community.posts.visible().select_related("author").order_by("-last_activity_at", "-pk")[:COMMUNITY_LIMIT]
    )
    for post in posts:
        post.community = community  # for its URL, without a query per post
    return {
        "template": TEMPLATE,
        "posts": posts,
        "community": community,
        "may_post": permissions.can_post(request.user, community),
    }


def visitor_latest_products(request):
    """On the visitors' home page: the latest capitalization products of the public library."""
    products = CapitalizationProduct.objects.in_library().select_related("community").order_by("-published_at", "-pk")
    return {"template": "knowledge/partials/visitor_products_block.html", "products": list(products[:COMMUNITY_LIMIT])}


def member_last_posts(community):
    """{author id: their latest post or reply in the community} (``registry.member_activity``)."""
    latest = dict(
        community.posts.order_by().values("author_id").annotate(last=Max("created_at")).values_list("author_id", "last")
    )
    for author_id, moment in (
        Reply.objects.filter(post__community=community).order_by().values("author_id").annotate(last=Max("created_at"))
        .values_list("author_id", "last")
    ):
        latest[author_id] = max(moment, latest.get(author_id, moment))
    return latest


FEATURED_LIMIT = 3


def community_featured_stories(request, community):
    """The stories the facilitators chose for the community's home, latest featured first."""
    if not permissions.can_view_knowledge(request.user, community):
        return None
    stories = list(
        ValueStory.objects.featured()
        .filter(community=community)
        .select_related("author")
        .order_by("-featured_at", "-pk")[:FEATURED_LIMIT]
    )
    if not stories:
        return None
    return {
        "template": "knowledge/partials/featured_stories_block.html",
        "stories": stories,
        "community": community,
        "may_write": permissions.can_write_story(request.user, community),
    }
