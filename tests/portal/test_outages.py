"""The database goes away under a real server: 503 everywhere, then back by itself.

On SQLite the database file's folder disappears (the path cannot be opened);
on PostgreSQL the server refuses connections (and cuts the open ones). The
server is gunicorn under production settings, with the database cache and
the page cache, whose middlewares read the database before any view runs.
"""

import time

import pytest
from django.test import Client

from cms.cache import GENERATION_CHECK_SECONDS
from portal import roles
from tests import factories
from tests.factories import sign_in_with_mfa
from tests.portal.outages import Gunicorn, Outage, production_env, request, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def session_cookie(user) -> dict:
    client = Client()
    sign_in_with_mfa(client, user)
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.fixture
def outage(tmp_path):
    found = Outage(tmp_path)
    yield found
    found.close()


@pytest.fixture
def people(site):
    applicant = factories.user_with_role(roles.APPLICANT)
    hr = factories.user_with_role(roles.HR_OFFICER)
    factories.give_totp(hr)
    return {"applicant": session_cookie(applicant), "hr": session_cookie(hr)}


PAGES = [
    ("/healthz", None),
    ("/", None),  # a public page, as an anonymous visitor
    ("/account/", "applicant"),  # a signed-in page
    ("/admin/", "hr"),  # the back office
]


def test_every_page_answers_a_styled_503_while_the_database_is_away_then_recovers(
    outage, people, tmp_path
):
    server = Gunicorn(production_env(outage.prepare()), tmp_path / "gunicorn.log")
    try:
        for path, who in PAGES:
            up = request(server.port, "GET", path, cookies=people.get(who))
            assert up.status == 200, (path, up.status, up.text[:500])

        outage.take_away()
        # The page cache trusts its generation for a second; past it, it asks the database.
        time.sleep(GENERATION_CHECK_SECONDS + 0.2)
        for path, who in PAGES:
            down = request(server.port, "GET", path, cookies=people.get(who))
            assert down.status == 503, (path, down.status, down.text[:2000])
            assert int(down.headers["Retry-After"]) > 0
            assert "no-cache" in down.headers["Cache-Control"]
            assert "Traceback" not in down.text
            assert "Error" not in down.text  # no exception class names either
            if path == "/healthz":
                assert down.text == "database unavailable\n"
            else:
                assert "<title>Sorry, the service is unavailable</title>" in down.text
                assert "The service is unavailable, try again in a few minutes." in down.text
                assert '<html lang="en-GB"' in down.text
                assert "/static/css/portal.css" in down.text

        outage.give_back()
        wait_for(
            lambda: request(server.port, "GET", "/healthz").status == 200,
            timeout=20,
            what="/healthz to answer 200 again",
        )
        for path, who in PAGES:
            back = request(server.port, "GET", path, cookies=people.get(who))
            assert back.status == 200, (path, back.status, back.text[:500])
        assert server.alive()
    finally:
        server.stop()


def test_the_health_check_reports_the_task_queue(outage, site, tmp_path):
    server = Gunicorn(production_env(outage.prepare()), tmp_path / "gunicorn.log")
    try:
        answer = request(server.port, "GET", "/healthz")
    finally:
        server.stop()
    assert answer.status == 200
    assert answer.text.splitlines() == ["ok", "tasks_waiting 0", "oldest_task_waiting_seconds 0"]
