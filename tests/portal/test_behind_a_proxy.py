"""Under production settings behind one load balancer, each client has its own rate limits."""

import re
from urllib.parse import urlencode

import pytest

from portal import roles
from tests import factories
from tests.portal.outages import Gunicorn, Outage, production_env, request

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(port: int, client_address: str, email: str, password: str):
    """Through the load balancer, which appends the client's address to X-Forwarded-For."""
    headers = {"X-Forwarded-For": client_address}
    page = request(port, "GET", "/accounts/login/", headers=headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    origin = f"https://127.0.0.1:{port}"
    return request(
        port,
        "POST",
        "/accounts/login/",
        cookies={"csrftoken": page.cookies()["csrftoken"]},
        headers={**headers, "Origin": origin, "Referer": f"{origin}/accounts/login/"},
        body=urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token}),
    )


def test_one_persons_wrong_passwords_lock_out_only_that_person(site, tmp_path):
    someone = factories.user_with_role(roles.APPLICANT)
    other = factories.user_with_role(roles.APPLICANT)
    outage = Outage(tmp_path)
    server = Gunicorn(production_env(outage.prepare()), tmp_path / "gunicorn.log")
    try:
        for attempt in range(6):
            # A client may write anything into X-Forwarded-For; only the address
            # the load balancer appended counts.
            spoofed = f"198.51.100.{attempt}, 203.0.113.10"
            answer = sign_in(server.port, spoofed, someone.email, "not the password")
        assert "Too many failed login attempts" in answer.text
        locked = sign_in(server.port, "203.0.113.10", someone.email, factories.TEST_PASSWORD)
        assert locked.status == 200 and "Too many failed login attempts" in locked.text

        # Another person behind the same load balancer signs in as usual.
        welcome = sign_in(server.port, "192.0.2.77", other.email, factories.TEST_PASSWORD)
        problem = welcome.text[welcome.text.find("govuk-error-summary") :]
        assert welcome.status == 302, problem[:1500]
        assert "sessionid" in welcome.cookies()
    finally:
        server.stop()
        outage.close()
