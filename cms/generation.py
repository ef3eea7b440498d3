"""The page tree's *generation*: a number that changes whenever what visitors see may change.

Publishing, unpublishing, moving or deleting a page, a view restriction, or a
change to the council's settings, service areas or teams bumps it
(``cms.cache.purge_page_cache``). It lives in the shared cache; each process
reads it at most once every ``GENERATION_CHECK_SECONDS``.

``tree_cached`` keeps what the public pages read from the page tree (the page
an address leads to, the home page's lists, the vacancy list's results) per
process, under the generation and the day, so an uncached page, or a page for
a signed-in visitor, asks the database only for what is personal to the request.
"""

import hashlib
import time

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

GENERATION_KEY = "cms:page-cache-generation"
GENERATION_CHECK_SECONDS = 1.0

_generation = {"value": None, "checked_at": 0.0}
_tree_data = LocMemCache("cms-tree-data", {"MAX_ENTRIES": 3000, "CULL_FREQUENCY": 4})
_MISSING = object()


def current_generation() -> int:
    now = time.monotonic()
    if _generation["value"] is None or now - _generation["checked_at"] > GENERATION_CHECK_SECONDS:
        value = cache.get(GENERATION_KEY)
        if value is None:
            value = int(time.time() * 1000)
            cache.add(GENERATION_KEY, value, timeout=None)
            value = cache.get(GENERATION_KEY, value)
        _generation.update(value=value, checked_at=now)
    return _generation["value"]


def next_generation() -> int:
    """A new generation, on every server; what was kept under the old one is forgotten here."""
    value = int(time.time() * 1000)
    previous = cache.get(GENERATION_KEY) or 0
    value = max(value, previous + 1)
    cache.set(GENERATION_KEY, value, timeout=None)
    _generation.update(value=value, checked_at=time.monotonic())
    forget_tree_data()
    return value


def forget_tree_data() -> None:
    _tree_data.clear()


def tree_cached(name: str, build, *parts):
    """What ``build()`` returns, built once per generation, day and ``parts`` in this process.

    The value is pickled, so each caller gets its own copy to use and change.
    """
    # Parts may come from the address: hashed, so a long or odd one makes a short, clean key.
    address = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    key = "|".join((str(current_generation()), timezone.localdate().isoformat(), name, address))
    found = _tree_data.get(key, _MISSING)
    if found is _MISSING:
        found = build()
        _tree_data.set(key, found, timeout=None)
    return found
