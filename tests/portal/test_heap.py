"""A web server worker settles its heap once loaded (``portal.heap``)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_loading_the_wsgi_application_freezes_the_startup_heap():
    script = (
        "import gc, portal.wsgi; "
        "print(gc.get_freeze_count() > 100_000, "
        "'cohorts.views' in __import__('sys').modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    # Every view is loaded (and frozen) before the first request.
    assert out.stdout.split() == ["True", "True"]
