"""Knowledge fixtures: posts and replies go through the real services."""

import pytest

from knowledge import services


@pytest.fixture
def write_post(member, community):
    """Make a post; by the member, in the private community, unless told otherwise."""

    def make(**fields):
        values = {
            "community": community,
            "author": member,
            "kind": "experience",
            "title": "Compost tea against mildew",
            "body": "We sprayed **compost tea** every week.",
            "context": "Market gardens near Thiès.",
            "lessons": "Start before the rains.",
            "themes": ["agroecology", "soil health"],
        }
        values.update(fields)
        return services.post_create(**values)

    return make


@pytest.fixture
def post(write_post):
    """An experience by the member, in the private community."""
    return write_post()


@pytest.fixture
def question(write_post):
    return write_post(kind="question", title="Who has tried drip irrigation kits?", body="Looking for feedback.",
                      context="", lessons="", themes=["irrigation"])


@pytest.fixture
def reply(post, facilitator):
    """The facilitator's reply to the member's post."""
    return services.reply_create(post=post, author=facilitator, body="Thank you, we will try it.")


@pytest.fixture
def public_community(other_facilitator):
    from communities.models import Community

    return Community.objects.get(name="Urban transport Mediterranean")


@pytest.fixture
def public_post(public_community, other_facilitator):
    return services.post_create(
        community=public_community, author=other_facilitator, kind="resource", title="Bus rapid transit guide",
        body="A guide.", resource_url="https://example.org/brt",
    )


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
