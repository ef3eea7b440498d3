"""A server process's heap, settled once the process has loaded."""

import gc
from importlib import import_module

from django.conf import settings


def settle_after_startup() -> None:
    """Load the URLconf (and so every view), collect once, and freeze what is alive.

    A loaded worker holds a few hundred thousand long-lived objects (modules, URL
    patterns, Wagtail's registries, compiled templates). A page that builds a
    thousand model instances sets off the collector's full passes, and each walked
    all of them again: a fifth of the mentor's dashboard CPU. ``gc.freeze()`` moves
    them to a generation the collector never scans; objects made later are
    collected as before (larger first-pass thresholds measured no better on a quiet
    machine, so Python's defaults stay). The web server calls this once per worker
    (``portal.wsgi``), and the in-process benchmarks do the same to measure what it
    serves.
    """
    import_module(settings.ROOT_URLCONF)
    gc.collect()
    gc.freeze()
