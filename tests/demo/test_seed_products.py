"""manage.py seed_demo: demo session reports and capitalization products, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from communities.models import Community, Membership
from demo import communities as demo_communities
from demo import products as demo_products
from knowledge.models import CapitalizationProduct
from sessions.models import Attendance, SessionReport

pytestmark = [pytest.mark.django_db]

SPECS = demo_communities.community_specs()


def seed(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "reports": SessionReport.objects.count(),
        "attendances": Attendance.objects.count(),
        "products": CapitalizationProduct.objects.count(),
        "published": CapitalizationProduct.objects.in_library().count(),
        "in review": CapitalizationProduct.objects.filter(status=CapitalizationProduct.Status.IN_REVIEW).count(),
        "co-authors": CapitalizationProduct.co_authors.through.objects.count(),
        "source posts": CapitalizationProduct.source_posts.through.objects.count(),
        "source reports": CapitalizationProduct.source_reports.through.objects.count(),
    }


def test_seed_demo_writes_reports_and_products_once(settings):
    seed(settings)
    first = counts()
    output = seed(settings)
    assert counts() == first
    assert "Demo capitalization ready:" in output
    assert first["products"] == len(demo_products.PRODUCTS)
    assert first["reports"] == len(demo_products.REPORTS) >= 1
    assert first["source reports"] >= 1

    for spec in SPECS:
        community = Community.objects.get(name=spec.name)
        products = CapitalizationProduct.objects.filter(community=community)
        library = CapitalizationProduct.objects.in_library().filter(community=community)
        assert library.exists(), spec.key
        assert products.filter(status=CapitalizationProduct.Status.IN_REVIEW).exists(), spec.key
        for product in library:
            assert product.licence == "cc-by-4.0" and product.published_at and product.published_by
            assert Membership.objects.filter(
                community=community, user=product.published_by, role=Membership.Role.FACILITATOR
            ).exists()

    for product in CapitalizationProduct.objects.prefetch_related("co_authors", "themes", "source_posts"):
        authors = {user.pk for user in product.co_authors.all()}
        active = set(
            Membership.objects.filter(
                community=product.community_id, status=Membership.Status.ACTIVE, user__in=authors
            ).values_list("user_id", flat=True)
        )
        assert 2 <= len(authors) <= 3 and active == authors, product.title
        assert all(product.text().values()), product.title
        assert product.themes.exists() and product.source_posts.exists() and product.countries

    for report in SessionReport.objects.select_related("session"):
        assert report.session.status == "done" and report.session.attendances.exists()
