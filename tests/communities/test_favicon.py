"""The site's icon: linked from every page, and /favicon.ico, which browsers ask for on
their own, is not a 404."""

import re
import urllib.request

import pytest
from django.contrib.staticfiles import finders

ICO_MAGIC = b"\x00\x00\x01\x00"


@pytest.mark.django_db
def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"


def test_favicon_ico_is_served(live_server):
    with urllib.request.urlopen(f"{live_server.url}/favicon.ico") as response:  # noqa: S310 - the test server
        assert response.status == 200
        assert response.url.endswith("/static/favicon.ico")
        assert response.read(4) == ICO_MAGIC


@pytest.mark.django_db
def test_every_page_links_the_icons_and_they_exist(client):
    page = client.get("/").content.decode()
    hrefs = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="/static/([^"]+)"', page)
    assert sorted(hrefs) == ["apple-touch-icon.png", "favicon.ico", "favicon.svg"]
    for name in hrefs:
        assert finders.find(name), name
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == ICO_MAGIC
