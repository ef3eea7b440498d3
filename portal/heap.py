"""A server process's heap, settled once the process has loaded."""

import gc
import threading
from importlib import import_module

from django.conf import settings
from django.core.signals import request_finished, request_started

# Young-generation passes during one request past which it collects once it ends: about
# 7,000 objects kept alive at once, as a long list's model instances are (a light page
# makes none or one).
HEAVY_REQUEST_PASSES = 10

_request = threading.local()


def settle_after_startup() -> None:
    """Load the URLconf (and so every view), collect once, and freeze what is alive.

    A loaded worker holds a few hundred thousand long-lived objects (modules, URL
    patterns, Wagtail's registries, compiled templates). A page that builds a
    thousand model instances sets off the collector's full passes, and each walked
    all of them again: about a fifth of the mentor's dashboard CPU. ``gc.freeze()``
    moves them to a generation the collector never scans; objects made later are
    collected as before. The web server calls this once per worker (``portal.wsgi``),
    and the in-process benchmarks do the same to measure what it serves.

    A settled worker also collects at the end of a heavy request: such a page's
    records point at each other (an enrolment at its placements and back), so they
    outlive it as cycles, and the pass that found them fell on whichever later
    request came next: one in nine of the mentor's dashboards took twice as long.
    """
    import_module(settings.ROOT_URLCONF)
    gc.collect()
    gc.freeze()
    request_started.connect(_note_passes, dispatch_uid="portal.heap.started")
    request_finished.connect(_collect_after_heavy_request, dispatch_uid="portal.heap.finished")


def _young_passes() -> int:
    return gc.get_stats()[0]["collections"]


def _note_passes(**kwargs) -> None:
    _request.passes = _young_passes()


def _collect_after_heavy_request(**kwargs) -> None:
    started = getattr(_request, "passes", None)
    if started is not None and _young_passes() - started >= HEAVY_REQUEST_PASSES:
        gc.collect()
