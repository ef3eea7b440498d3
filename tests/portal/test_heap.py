"""A web server worker settles its heap once loaded (``portal.heap``)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_in_a_worker(script: str) -> list[str]:
    """Run ``script`` in a fresh interpreter that has loaded the WSGI application, as a
    server worker has (the test process itself is left unsettled)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", "import gc, portal.wsgi\n" + textwrap.dedent(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_loading_the_wsgi_application_freezes_the_startup_heap():
    shown = run_in_a_worker(
        """
        import sys
        print(gc.get_freeze_count() > 100_000, "cohorts.views" in sys.modules)
        """
    )
    # Every view is loaded (and frozen) before the first request.
    assert shown == ["True", "True"]


def test_a_heavy_request_is_collected_when_it_ends_and_a_light_one_is_not():
    shown = run_in_a_worker(
        """
        from django.core.signals import request_finished, request_started

        def full_passes():
            return gc.get_stats()[2]["collections"]

        def request(objects):
            request_started.send(sender=None)
            kept = []
            for _ in range(objects):  # records that point at each other, as prefetched ones do
                record = {}
                record["self"] = record
                kept.append(record)
            del kept
            before = full_passes()
            request_finished.send(sender=None)
            return full_passes() - before

        print(request(50), request(20_000))
        """
    )
    assert shown == ["0", "1"]
