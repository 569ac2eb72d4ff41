import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# same thread (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """A rolled-back test leaves no trace in the database but would leave one in the cache
    (e.g. the sites that home.routing keeps there): every test starts with an empty one."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def tree(db):
    """The public page tree with the group index, as the demo builds it (but empty)."""
    from tests.factories import group_index, site_root

    home = site_root()
    return {"home": home, "groups": group_index()}


def pytest_collection_modifyitems(config, items):
    """A test that is not a browser test but has an argument named like a Playwright fixture
    ("page", "browser", ...) is turned into a browser test by pytest-playwright: it is then
    ordered with the transactional browser tests, and the tests after it run on a database
    that a browser test has flushed. Say so at collection instead."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "browser_name" in params and item.get_closest_marker("browser") is None:
            raise pytest.UsageError(
                f"{item.nodeid}: an argument is named like a Playwright fixture (e.g. 'page'); "
                "rename it, or mark the test as a browser test")
