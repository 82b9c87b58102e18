"""Capitalization products: drafting together, review, publishing, revisions.

Co-authors who edit at once never lose text: each save names the version it started
from, and a save against an older version is refused with both texts, so the author
can merge (see ``EditConflict``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Membership, User
from communities.notifications import notify
from communities.services import interest_announce

from ..models import CapitalizationProduct, Licence, ProductRevision, ReviewComment, writing_language
from ..notifications import KnowledgeNotificationKind

RELATION_FIELDS = ("co_authors", "source_posts", "source_reports")


class EditConflict(Exception):
    """Someone saved a newer version meanwhile. ``current`` is that version's text."""

    def __init__(self, product):
        super().__init__(_("Someone saved this product while you were editing it."))
        self.product = product
        self.current = product.text()


def _record(product, by, changed):
    ProductRevision.objects.create(
        product=product, version=product.version, editor=by, data=product.text(), changed_fields=sorted(changed)
    )


def _check_authors(community, people):
    active = set(
        Membership.objects.active().filter(community=community, user__in=people).values_list("user_id", flat=True)
    )
    outsiders = [person for person in people if person.pk not in active]
    if outsiders:
        raise ValidationError(
            {"co_authors": _("Co-authors must be members of the community: %(names)s.") % {"names": ", ".join(str(p) for p in outsiders)}}
        )


def _notify(product, by, recipients, kind, template):
    notify(
        recipients=recipients,
        kind=kind,
        community=product.community,
        actor=by,
        target=product,
        url=product.get_absolute_url(),
        data={"product": product.title},
        email_template=template,
        email_context={"product": product},
    )


def _notify_new_co_authors(product, by, user_ids):
    """Tell the people just made co-authors (not the one who added them)."""
    if user_ids:
        people = User.objects.active_members_of(product.community).filter(pk__in=user_ids)
        _notify(product, by, list(people), KnowledgeNotificationKind.PRODUCT_CO_AUTHOR, "knowledge/product_co_author")


def product_create(*, community, by, co_authors=(), source_posts=(), source_reports=(), themes=(), **fields):
    # Written in its author's language unless told otherwise, so it is searched with the right stemmer.
    fields.setdefault("language", writing_language(by))
    with transaction.atomic():
        product = CapitalizationProduct(community=community, created_by=by, **fields)
        product.full_clean()
        product.save()
        authors = {by, *co_authors}
        _check_authors(community, list(authors))
        product.co_authors.set(authors)
        product.source_posts.set([p for p in source_posts if p.community_id == community.pk])
        product.source_reports.set([r for r in source_reports if r.session.community_id == community.pk])
        if themes:
            product.themes.set(list(themes))
        _record(product, by, product.TEXT_FIELDS)
        _notify_new_co_authors(product, by, [person.pk for person in authors if person != by])
    return product


def product_update(*, product, by, base_version, themes=None, co_authors=None, source_posts=None, source_reports=None, **fields):
    """Save an edit started from ``base_version``; raises ``EditConflict`` if it is stale."""
    with transaction.atomic():
        current = CapitalizationProduct.objects.select_for_update().get(pk=product.pk)
        if current.version != base_version:
            raise EditConflict(current)
        if current.status == CapitalizationProduct.Status.PUBLISHED:
            raise ValidationError(_("A published product can’t be edited; return it to draft first."))
        changed = {name for name, value in fields.items() if getattr(current, name) != value}
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.updated_at = timezone.now()
        current.full_clean()
        current.save()
        added = []
        if co_authors is not None:
            _check_authors(current.community, list(co_authors))
            before = set(current.co_authors.values_list("pk", flat=True))
            added = [person.pk for person in co_authors if person.pk not in before]
            current.co_authors.set(co_authors)
        if source_posts is not None:
            current.source_posts.set([p for p in source_posts if p.community_id == current.community_id])
        if source_reports is not None:
            current.source_reports.set([r for r in source_reports if r.session.community_id == current.community_id])
        if themes is not None:
            current.themes.set(list(themes))
        _record(current, by, changed)
        _notify_new_co_authors(current, by, added)
    return current


def _set_status(product, by, status, *, expected, **extra):
    """Move from one of the ``expected`` statuses only: a conditional update, so two
    people acting at once can't overwrite each other."""
    changed = CapitalizationProduct.objects.filter(pk=product.pk, status__in=expected).update(
        status=status, updated_at=timezone.now(), **extra
    )
    if not changed:
        raise ValidationError(_("Someone changed this product’s status meanwhile. Reload the page."))
    product.refresh_from_db()
    return product


def product_submit(*, product, by):
    if product.status != CapitalizationProduct.Status.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."))
    with transaction.atomic():
        product = _set_status(
            product, by, CapitalizationProduct.Status.IN_REVIEW, expected=[CapitalizationProduct.Status.DRAFT]
        )
        facilitators = User.objects.filter(
            pk__in=product.community.memberships.facilitators().values("user_id"), is_active=True
        )
        _notify(
            product, by, list(facilitators), KnowledgeNotificationKind.PRODUCT_SUBMITTED, "knowledge/product_submitted"
        )
    return product


def product_return_to_draft(*, product, by):
    if product.status == CapitalizationProduct.Status.DRAFT:
        raise ValidationError(_("This product is already a draft."))
    return _set_status(
        product, by, CapitalizationProduct.Status.DRAFT,
        expected=[CapitalizationProduct.Status.IN_REVIEW, CapitalizationProduct.Status.PUBLISHED],
        published_at=None, published_by=None,
    )


def product_publish(*, product, by, visibility, licence):
    if product.status != CapitalizationProduct.Status.IN_REVIEW:
        raise ValidationError(_("A product is published after its review."))
    if visibility not in CapitalizationProduct.Visibility.values:
        raise ValidationError(_("Choose who may read it."))
    if licence not in Licence.values:
        raise ValidationError(_("Choose a licence from the list."))
    with transaction.atomic():
        product = _set_status(
            product, by, CapitalizationProduct.Status.PUBLISHED, expected=[CapitalizationProduct.Status.IN_REVIEW],
            visibility=visibility, licence=licence, published_at=timezone.now(), published_by=by,
        )
        # Its co-authors still in the community (the one who created it is one of them).
        authors = User.objects.active_members_of(product.community).filter(products=product)
        _notify(product, by, list(authors), KnowledgeNotificationKind.PRODUCT_PUBLISHED, "knowledge/product_published")
        # Public news of a public community: its followers ("Keep me posted") hear of it.
        if product.visibility == CapitalizationProduct.Visibility.PUBLIC:
            interest_announce(community=product.community, template="knowledge/product_announced", context={"product": product})
    return product


def product_comment(*, product, by, body):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your comment.")})
    return ReviewComment.objects.create(product=product, author=by, body=body)


def citation(product):
    """"Authors (year). Title. Community. CoP platform. URL" — for the library page."""
    from django.conf import settings

    authors = ", ".join(person.display_name for person in product.co_authors.all())
    year = (product.published_at or product.created_at).year
    return f"{authors} ({year}). {product.title}. {product.community.name}. {settings.SITE_URL}{product.get_library_url()}"
