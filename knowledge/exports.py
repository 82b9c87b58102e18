"""Knowledge taken out of the platform by staff: posts with their replies, as CSV or JSON, and
value-creation stories as CSV.

Hidden content is exported too (marked as hidden): an export is an archive of what the
community wrote, not what its pages show. Queries stay constant whatever the number of
posts: replies, their authors and the themes come in with a few prefetches.
"""

import io
import json

from django.db.models import Prefetch

from communities.spreadsheets import csv_writer

from .models import Reply
from .services import STRUCTURED_FIELDS

CSV_COLUMNS = [
    "record", "post_id", "community", "kind", "title", "body", *STRUCTURED_FIELDS,
    "language", "themes", "author", "created", "hidden",
]


def _with_related(posts):
    return (
        posts.select_related("community", "author")
        .prefetch_related(
            "themes",
            Prefetch("replies", queryset=Reply.objects.select_related("author").order_by("created_at", "pk")),
        )
        .order_by("community__name", "created_at", "pk")
    )


def _name(person):
    return person.display_name if person else ""


def knowledge_rows(posts):
    """One dict per post (a queryset of ``Post``), with its replies, ready for JSON."""
    return [
        {
            "id": post.pk,
            "community": post.community.name,
            "kind": post.kind,
            "title": post.title,
            "body": post.body,
            **{name: getattr(post, name) for name in STRUCTURED_FIELDS},
            "language": post.language,
            "themes": sorted(theme.name for theme in post.themes.all()),
            "author": _name(post.author),
            "created": post.created_at.isoformat(),
            "hidden": post.is_hidden,
            "replies": [
                {
                    "author": _name(reply.author),
                    "body": reply.body,
                    "created": reply.created_at.isoformat(),
                    "hidden": reply.is_hidden,
                }
                for reply in post.replies.all()
            ],
        }
        for post in _with_related(posts)
    ]


def as_json(posts):
    return json.dumps(knowledge_rows(posts), ensure_ascii=False, indent=2)


def as_csv(posts):
    """One line per post, each followed by one line per reply ("record" says which)."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in knowledge_rows(posts):
        post_line = {**row, "record": "post", "post_id": row["id"], "themes": ", ".join(row["themes"])}
        writer.writerow([post_line.get(column, "") for column in CSV_COLUMNS])
        for reply in row["replies"]:
            reply_line = {**reply, "record": "reply", "post_id": row["id"], "community": row["community"]}
            writer.writerow([reply_line.get(column, "") for column in CSV_COLUMNS])
    return out.getvalue()


# --- Value-creation stories --------------------------------------------------------------------

STORY_COLUMNS = [
    "story_id", "community", "cycle", "title", "body", "language", "author", "created", "edited", "featured", "hidden",
    "sessions", "posts", "products",
]


def stories_as_csv(stories):
    """One line per story (a queryset of ``ValueStory``), with the titles of what helped;
    hidden ones too, marked. A few queries whatever the number of stories."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(STORY_COLUMNS)
    stories = (
        stories.select_related("community", "author")
        .prefetch_related("sessions", "posts", "products")
        .order_by("community__name", "created_at", "pk")
    )
    for story in stories:
        writer.writerow([
            story.pk, story.community.name, story.cycle, story.title, story.body, story.language, _name(story.author),
            story.created_at.isoformat(), story.edited_at.isoformat() if story.edited_at else "", story.is_featured,
            story.is_hidden,
            "; ".join(session.title for session in story.sessions.all()),
            "; ".join(post.title for post in story.posts.all()),
            "; ".join(product.title for product in story.products.all()),
        ])
    return out.getvalue()
