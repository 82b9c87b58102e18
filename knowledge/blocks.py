"""The knowledge blocks of the ground floor's pages: recent posts on the dashboard and on a community's home."""

from communities import permissions
from communities.models import Community

from .models import Post

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
