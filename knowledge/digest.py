"""What the knowledge exchange adds to digests: new questions, posts and products."""

from communities.digests import DigestItem

from .models import CapitalizationProduct, Post


def new_posts(batch):
    """Questions still waiting for an answer, then everything else posted (never hidden posts)."""
    posts = (
        Post.objects.visible()
        .filter(batch.since_condition("created_at"))
        .select_related("author")
        .only("community_id", "kind", "title", "created_at", "reply_count", "accepted_reply_id", "author__display_name")
    )
    for post in posts:
        post.community = batch.communities[post.community_id]
        yield DigestItem(
            section="questions" if post.is_unanswered else "posts",
            key=("post", post.pk),
            community_id=post.community_id,
            title=post.title,
            url=post.get_absolute_url(),
            created_at=post.created_at,
            author_id=post.author_id,
            author=post.author.display_name if post.author else "",
        )


def new_products(batch):
    products = (
        CapitalizationProduct.objects.filter(status=CapitalizationProduct.Status.PUBLISHED)
        .filter(batch.since_condition("published_at"))
        .only("community_id", "title", "published_at")
    )
    for product in products:
        product.community = batch.communities[product.community_id]
        yield DigestItem(
            section="products",
            key=("product", product.pk),
            community_id=product.community_id,
            title=product.title,
            url=product.get_absolute_url(),
            created_at=product.published_at,
        )
