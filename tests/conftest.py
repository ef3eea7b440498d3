import os

import pytest

from portal import roles
from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django must
# still allow database access there for live_server tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ALL_ROLES = roles.ROLES


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rate limits and cached pages must not leak from one test into the next."""
    from django.core.cache import cache, caches

    from cms.cache import _config, _pages
    from cms.generation import forget_tree_data

    cache.clear()
    caches["fragments"].clear()
    _pages.clear()
    _config.clear()
    forget_tree_data()
    yield


@pytest.fixture
def site(db):
    """The page tree's home page and default site."""
    return factories.home_page()


@pytest.fixture
def user_for_role(db):
    """Make a verified user holding one role: ``user_for_role(roles.HR_OFFICER)``."""

    def make(role, **kwargs):
        return factories.user_with_role(role, **kwargs)

    return make


@pytest.fixture
def staff_with_mfa(user_for_role):
    """A staff user with an authenticator app, logged in as allauth would after MFA."""

    def make(role, client):
        user = user_for_role(role)
        factories.give_totp(user)
        factories.sign_in_with_mfa(client, user)
        return user

    return make


# Browser tests -------------------------------------------------------------
from tests.e2e.browser import *  # noqa: E402, F403
