"""A post or a product is in its author's language unless they choose another, so it is
indexed with the right stemmer (issue 14): an Arabic or French writer no longer gets English."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from communities.models import User
from knowledge import services
from knowledge.forms import PostForm
from knowledge.models import CapitalizationProduct, Post
from knowledge.services import products

pytestmark = pytest.mark.django_db


def speaking(person, language):
    User.objects.filter(pk=person.pk).update(language=language)
    person.language = language
    return person


def selected_language(page):
    select = re.search(r'<select name="language".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="(\w+)"[^>]*selected', select)


def vector_words(model, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT search_vector::text FROM {model._meta.db_table} WHERE id = %s", [pk])
        return set(re.findall(r"'([^']+)'", cursor.fetchone()[0]))


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_a_post_is_in_its_authors_language_by_default(community, member, language):
    post = services.post_create(community=community, author=speaking(member, language), kind="idea", title="Idée")
    assert Post.objects.get(pk=post.pk).language == language


def test_a_language_chosen_by_the_author_wins(community, member):
    post = services.post_create(
        community=community, author=speaking(member, "ar"), kind="idea", title="Idea", language="en"
    )
    assert post.language == "en"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_product_is_in_its_authors_language_by_default(community, member, language):
    product = products.product_create(community=community, by=speaking(member, language), title="Fiche")
    assert CapitalizationProduct.objects.get(pk=product.pk).language == language


def test_an_arabic_post_is_indexed_with_the_arabic_stemmer(community, member):
    post = services.post_create(
        community=community, author=speaking(member, "ar"), kind="idea", title="الزراعة في المدن"
    )
    words = vector_words(Post, post.pk)
    assert {"زراع", "مدن"} <= words, "stemmed: the English configuration keeps “الزراعة” and “المدن” whole"


def test_a_french_product_is_indexed_with_the_french_stemmer(community, member):
    product = products.product_create(
        community=community, by=speaking(member, "fr"), title="Les semences des paysannes"
    )
    words = vector_words(CapitalizationProduct, product.pk)
    assert "semenc" in words and "les" not in words and "des" not in words


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_new_post_form_offers_the_authors_language(client, community, member, language):
    client.force_login(speaking(member, language))
    page = client.get(reverse("knowledge:create", args=[community.slug])).content.decode()
    assert selected_language(page) == [language]


def test_the_new_product_form_offers_the_authors_language(client, community, member):
    client.force_login(speaking(member, "ar"))
    page = client.get(reverse("products:create", args=[community.slug])).content.decode()
    assert selected_language(page) == ["ar"]


def test_the_form_falls_back_to_the_pages_language(community):
    with translation.override("fr"):
        form = PostForm(community=community, instance=Post(community=community))
    assert form.initial["language"] == "fr"


def test_editing_keeps_the_posts_own_language(client, community, member):
    post = services.post_create(community=community, author=member, kind="idea", title="Idea", language="en")
    client.force_login(speaking(member, "fr"))
    page = client.get(reverse("knowledge:edit", args=[community.slug, post.pk])).content.decode()
    assert selected_language(page) == ["en"]
