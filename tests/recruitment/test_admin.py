"""HR's back office in the Wagtail admin."""

import csv
import io

import pytest
from django.urls import NoReverseMatch, reverse

from cms.choices import Route
from portal import roles
from recruitment.choices import Status
from recruitment.models import EqualityMonitoring
from recruitment.services import drafts, submission
from recruitment.services import interviews as interview_services
from tests.factories import sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

INDEX = "/admin/recruitment/applications/"


def inspect_url(application):
    return reverse("recruitment_application:inspect", args=[application.pk])


@pytest.fixture
def hr(client, staff_with_mfa):
    return staff_with_mfa(roles.HR_OFFICER, client)


@pytest.fixture
def application(site):
    application = factories.submitted(
        first_name="Zebedee", last_name="Quartermaine", email="zq@example.org"
    )
    EqualityMonitoring.objects.create(application=application, ethnicity="mixed", religion="sikh")
    return application


def test_hr_list_shows_applications_without_names(client, hr, application):
    response = client.get(INDEX)
    assert response.status_code == 200
    body = response.content.decode()
    assert application.reference in body
    assert "Quartermaine" not in body
    assert "working days left" in body


def test_drafts_are_not_listed(client, hr, site):
    draft = factories.ApplicationFactory()
    assert draft.reference not in client.get(INDEX).content.decode()
    assert client.get(inspect_url(draft)).status_code == 404


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"status": "fast_tracked"}, True),
        ({"status": "rejected"}, False),
        ({"route": "experienced"}, True),
        ({"route": "asye"}, False),
        ({"fast_track": "due"}, True),
        ({"fast_track": "breached"}, False),
        ({"through_agency": "true"}, False),
        ({"guaranteed_interview": "true"}, False),
        ({"guaranteed_interview": "false"}, True),
        ({"channel": "press-2026"}, True),
        ({"channel": "nothing"}, False),
        ({"q": "Social worker"}, True),
    ],
)
def test_filters(client, hr, application, query, shown):
    type(application).objects.filter(pk=application.pk).update(tracking_code="press-2026")
    body = client.get(INDEX, query).content.decode()
    assert (application.reference in body) is shown


def test_breached_fast_track_is_highlighted(client, hr, application):
    import datetime

    type(application).objects.filter(pk=application.pk).update(
        fast_track_due=datetime.date(2020, 1, 6)
    )
    body = client.get(INDEX, {"fast_track": "breached"}).content.decode()
    assert application.reference in body
    assert "Overdue by" in body


def test_inspect_is_blind_until_shortlisting_decided(client, hr, application):
    body = client.get(inspect_url(application)).content.decode()
    assert "Quartermaine" not in body
    assert "zq@example.org" not in body
    assert "Blind shortlisting" in body
    assert "Sikh" not in body and "sikh" not in body
    interview_services.application_record_interview_offered(application=application, by=hr)
    body = client.get(inspect_url(application)).content.decode()
    assert "Quartermaine" in body
    assert "Sikh" not in body and "Mixed" not in body


def test_inspect_shows_timeline_and_actions(client, hr, application):
    body = client.get(inspect_url(application)).content.decode()
    assert "Record interview offered" in body
    assert "Timeline" in body
    assert "routed" in body


def test_record_interview_offered_action(client, hr, application):
    response = client.post(
        reverse("recruitment_application:interview_offered", args=[application.pk])
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING


def test_reject_action(client, hr, site):
    application = factories.submitted(post_qualifying_months=12)
    url = reverse("recruitment_application:reject", args=[application.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {})
    assert "Choose at least one reason" in response.content.decode()
    reason = factories.rejection_reason()
    client.post(url, {"reasons": [reason.pk], "message": "Thank you."})
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    # Refused the second time, with a message, not an error page.
    response = client.post(
        reverse("recruitment_application:shortlist", args=[application.pk]), follow=True
    )
    assert "cannot become" in response.content.decode()


def test_move_to_suggested_route(client, hr, site):
    import datetime

    from django.utils import timezone

    application = factories.submitted(
        qualified_on=timezone.localdate() - datetime.timedelta(days=100),
        asye_status="not_started",
        post_qualifying_months=3,
    )
    assert application.suggested_route == Route.ASYE
    body = client.get(inspect_url(application)).content.decode()
    assert "Move to suggested route" in body
    client.post(
        reverse("recruitment_application:move_route", args=[application.pk]), {"route": "asye"}
    )
    application.refresh_from_db()
    assert application.route == Route.ASYE


def test_notes(client, hr, application):
    client.post(
        reverse("recruitment_application:add_note", args=[application.pk]), {"text": "Strong"}
    )
    assert "Strong" in client.get(inspect_url(application)).content.decode()


def test_csv_export_has_no_equality_data_or_names(client, hr, application):
    response = client.get(INDEX, {"export": "csv"})
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    rows = list(csv.reader(io.StringIO(content)))
    assert application.reference in content
    flat = " ".join(" ".join(row) for row in rows).lower()
    for secret in ("sikh", "mixed", "quartermaine", "zq@example.org", "ethnic", "religion"):
        assert secret not in flat


def test_hr_downloads_cv(client, hr, site):
    application = factories.ApplicationFactory()
    drafts.cv_save(application=application, upload=factories.pdf_upload(), kind="pdf", by=None)
    application, _ = submission.application_submit(
        application=application, by=application.applicant
    )
    url = reverse("recruitment_application:cv", args=[application.pk])
    # Blind: the CV names the applicant, so it waits until shortlisting is decided.
    assert client.get(url).status_code == 404
    assert "Hidden until shortlisting" in client.get(inspect_url(application)).content.decode()
    interview_services.application_record_interview_offered(application=application, by=hr)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "role",
    [roles.PANEL_MEMBER, roles.MENTOR, roles.CONTENT_EDITOR, roles.WORKFORCE_LEAD],
    ids=lambda r: r.slug,
)
def test_other_staff_cannot_see_applications(client, staff_with_mfa, application, role):
    staff_with_mfa(role, client)
    for url in [
        INDEX,
        inspect_url(application),
        reverse("recruitment_application:cv", args=[application.pk]),
        reverse("recruitment_application:reject", args=[application.pk]),
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert application.reference not in response.content.decode()
    response = client.post(reverse("recruitment_application:shortlist", args=[application.pk]))
    assert response.status_code in (302, 403, 404)
    application.refresh_from_db()
    assert application.status == Status.FAST_TRACKED


def test_applicant_cannot_reach_the_back_office(client, application):
    sign_in_with_mfa(client, application.applicant)
    response = client.get(INDEX)
    assert response.status_code in (302, 403)


def test_hr_edits_routing_rules_and_reasons(client, hr):
    assert client.get("/admin/recruitment/routing-rules/").status_code == 200
    assert client.get("/admin/recruitment/rejection-reasons/").status_code == 200


def _make_applications(count):
    from tests.factories import make_vacancy

    vacancies = [make_vacancy() for _ in range(3)]
    for n in range(count):
        factories.submitted(vacancy=vacancies[n % 3], extras=False)


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize(
    ("query", "most"),
    [
        ("", 19),
        ("?fast_track=due", 19),
        ("?ordering=vacancy__title", 19),
        ("?vacancy=1", 20),  # the chosen vacancy, looked up by the filter
        ("?p=2", 19),
    ],
)
def test_hr_list_query_count_is_constant(
    client, hr, site, count, query, most, django_assert_max_num_queries
):
    _make_applications(count)
    with django_assert_max_num_queries(most):
        response = client.get(INDEX + query)
    assert response.status_code == 200


def test_hr_list_queries_do_not_grow_with_the_rows(client, hr, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for more in (3, 60):
        _make_applications(more)
        with CaptureQueriesContext(connection) as queries:
            body = client.get(INDEX).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert body.count('<td class="title">') == 50  # a full page, the rest on page 2


def test_hr_list_rows_read_as_their_application(client, hr, application):
    from django.utils import formats, timezone

    type(application).objects.filter(pk=application.pk).update(
        tracking_code="radio-<b>", agency_name="Agency & Co", suggested_route=Route.ASYE
    )
    body = client.get(INDEX).content.decode()
    start = body.rindex("<tr", 0, body.index(application.reference))
    row = body[start : body.index("</tr>", start)]
    assert reverse("recruitment_application:inspect", args=[application.pk]) in row
    assert application.vacancy.title in row
    assert application.get_route_display() in row
    assert application.get_status_display() in row
    assert "working days left" in row
    assert str(Route(Route.ASYE).label) in row
    assert "radio-&lt;b&gt;" in row and "Agency &amp; Co" in row
    assert formats.localize(timezone.localtime(application.submitted_at)) in row


def test_dashboard_lists_fast_track_applications(client, hr, application):
    body = client.get("/admin/").content.decode()
    assert "Fast-track applications waiting" in body
    assert application.reference in body


def test_dashboard_panel_hidden_from_content_editors(client, staff_with_mfa, application):
    staff_with_mfa(roles.CONTENT_EDITOR, client)
    body = client.get("/admin/").content.decode()
    assert "Fast-track applications waiting" not in body


def test_nobody_edits_or_deletes_applications_in_the_admin(client, application):
    from tests.factories import UserFactory, give_totp

    admin = UserFactory(is_superuser=True, is_staff=True)
    give_totp(admin)
    sign_in_with_mfa(client, admin)
    assert client.get(inspect_url(application)).status_code == 200
    for name in ("edit", "delete"):
        url = reverse(f"recruitment_application:{name}", args=[application.pk])
        assert client.get(url).status_code != 200
        client.post(url, {"rejection_message": "x"})
    application.refresh_from_db()
    assert application.rejection_message == ""
    assert client.get(reverse("recruitment_application:add")).status_code != 200


def test_reject_page_warns_about_the_guaranteed_interview_scheme(client, hr, site):
    application = factories.submitted(guaranteed_interview=True)
    body = client.get(reverse("recruitment_application:reject", args=[application.pk])).content
    assert "guaranteed interview scheme" in body.decode()
    assert "Registered with SWE" in body.decode()


def test_no_status_buttons_for_offers_or_recruitment(client, hr, site):
    """Offers go through the offer pages; "Recruited" only through the checks."""
    application = factories.in_status(Status.INTERVIEWING)
    body = client.get(inspect_url(application)).content.decode()
    assert "Move to:" not in body
    # Not yet ready for an offer (no interview held): the reasons instead of the button.
    assert "An offer cannot be made yet" in body
    assert "No interview has been held." in body
    with pytest.raises(NoReverseMatch):
        reverse("recruitment_application:transition", args=[application.pk, "offered"])
    assert client.post(f"{inspect_url(application)}move-to/offered/").status_code == 404
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING


def test_make_an_offer_is_offered_once_the_interview_is_held_and_scored(client, hr, site):
    application = factories.ready_for_offer()
    body = client.get(inspect_url(application)).content.decode()
    assert reverse("recruitment_application:make_offer", args=[application.pk]) in body


def test_search_by_reference(client, hr, application, site):
    other = factories.submitted()
    body = client.get(INDEX, {"q": application.reference}).content.decode()
    assert application.reference in body
    assert other.reference not in body
