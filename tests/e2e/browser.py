"""Playwright on Debian's Chromium, and axe-core, for the browser tests.

Without a browser the browser tests are skipped with the reason, except under
CI (CI=true), where a missing browser is a failure: CI must prove them.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _browser_missing_reason() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"Chromium is not installed at {CHROMIUM} (make test installs it as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


@pytest.fixture(scope="session")
def chromium_browser():
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests cannot run under CI: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium_browser, live_server):
    context = chromium_browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# Finite animations only (a spinner runs for ever), and never more than two seconds.
FADES_FINISHED = """Promise.race([
  Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => null))),
  new Promise((resolve) => setTimeout(resolve, 2000)),
])"""


def assert_accessible(page, context: str = "") -> None:
    """axe-core with the WCAG 2.2 AA rule tags reports no violations."""
    from axe_playwright_python.sync_playwright import Axe

    # Wagtail's messages fade in: part-way through, their text is fainter than it
    # will be, and axe would judge the fade rather than the page.
    page.evaluate(FADES_FINISHED)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert not violations, f"axe violations on {context or page.url}:\n" + "\n".join(summary)


def assert_first_tab_is_skip_link(page) -> None:
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert "govuk-skip-link" in focused[0] and focused[1] == "#main-content", focused
    # The focused skip link pushes the page down; let it go so later clicks land
    # where the layout says.
    page.evaluate("() => document.activeElement.blur()")


__all__ = [
    "chromium_browser",
    "browser_page",
    "assert_accessible",
    "assert_first_tab_is_skip_link",
]
