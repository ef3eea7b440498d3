"""Every form a page offers, posted back with hostile values by the person it is for:
never a server error, and a refused post leaves nothing half saved.

The forms are found by reading the pages: every address of the portal (see
``test_every_address``) is opened by the people who own the things in it (the
applicant, the learner, the mentor, the supervisor) and by HR, and each POST
form on the page is sent back with its fields filled from hostile values:
30-digit ids, the year 9999, long text, markup, the options the form offers
and ones it does not. A post that is refused (the page again, with errors, or
a 4xx) must change no row anywhere.
"""

import random
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client

from portal import roles
from tests.factories import UserFactory, give_totp, sign_in_with_mfa
from tests.test_every_address import ADDRESSES, build_world, paths

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "9" * 30,
    "-1",
    "0",
    "9" * 18,
    "9999-12-31",
    "0001-01-01",
    "31",
    "13",
    "x" * 5000,
    "<script>alert(1)</script>",
    "\x00",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "on",
]
EXAMPLES = 6
REFUSED = (400, 403, 404, 405, 409, 422)
# How a page says it refused what was posted: GOV.UK's error summary, Wagtail's field
# errors and error messages.
ERROR_MARKS = ("govuk-error-summary", "error-message", "help-critical", "w-field--error")
APPS = ("portal", "cms", "recruitment", "cohorts")


class Forms(HTMLParser):
    """The page's POST forms: their action and, per field name, the values offered."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select"):
            name = attrs.get("name")
            if not name or name == "csrfmiddlewaretoken":
                return
            offered = self._form["fields"].setdefault(name, [])
            if attrs.get("value") is not None and attrs.get("type") in ("radio", "checkbox"):
                offered.append(attrs["value"])
            if tag == "select":
                self._select = name
        elif tag == "option" and self._form is not None and self._select:
            self._form["fields"][self._select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


ENDINGS = ("delete", "withdraw", "check", "remove", "sign-off", "cancel", "reset", "send-again")


def ends_things(path: str) -> bool:
    return any(word in path for word in ENDINGS)


def rows() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in APPS and not model._meta.proxy
    }


@pytest.mark.parametrize("who", ["hr", "applicant", "member", "mentor", "supervisor"])
def test_every_form_posted_back_with_hostile_values(who, site):
    world = build_world()
    hr = UserFactory(roles=[roles.HR_OFFICER])
    give_totp(hr)
    client = Client(raise_request_exception=True)
    sign_in_with_mfa(client, {"hr": hr, **world.people}[who])
    chance = random.Random(f"forms-{who}")  # the same values on every run
    posted, errors, half_saved = 0, [], []
    # Forms that end things (submit, withdraw, delete, sign off) last, so that the
    # others are still there to be posted.
    walk = sorted(
        (path for address in ADDRESSES for path in paths(address, world)), key=ends_things
    )
    for path in walk:
        page = client.get("/" + path)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        parser = Forms()
        parser.feed(page.content.decode(errors="replace"))
        for form in parser.forms:
            target = form["action"] or "/" + path
            if not target.startswith("/") or "logout" in target:
                continue
            for _ in range(EXAMPLES):
                data = {
                    name: chance.choice([*offered, *HOSTILE]) if offered else chance.choice(HOSTILE)
                    for name, offered in form["fields"].items()
                    if chance.random() < 0.9
                }
                before = rows()
                posted += 1
                try:
                    response = client.post(target, data)
                except Exception as error:  # a server error, whatever it is
                    errors.append(f"{target} {data}: {error!r}")
                    continue
                refused = response.status_code in REFUSED or (
                    response.status_code == 200
                    and any(
                        mark in response.content.decode(errors="replace") for mark in ERROR_MARKS
                    )
                )
                if response.status_code >= 500:
                    errors.append(f"{target}: {response.status_code}")
                elif refused and rows() != before:
                    changed = {
                        label: (before.get(label), count)
                        for label, count in rows().items()
                        if before.get(label) != count
                    }
                    half_saved.append(f"{target} -> {response.status_code}: {changed}")
    print(f"{who}: {posted} posts, {len(errors)} server errors, {len(half_saved)} half-saved")  # noqa: T201
    assert posted > 0
    assert errors == []
    assert half_saved == []
