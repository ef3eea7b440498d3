"""The guaranteed interview scheme: an applicant who meets the essential criteria is not
rejected before interview unless HR record why not (service, HR's page, the report)."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from portal import roles
from recruitment import guaranteed_interview, reports
from recruitment.choices import InterviewStatus, Status, SweStatus, TimelineAction
from recruitment.errors import EssentialCriteriaReasonRequired
from recruitment.models import Application, TimelineEntry
from recruitment.services import interviews, screening
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

WHY = "Their experience is all in adult services; the post needs statutory child protection work."
REPORT = "recruitment_interviews:report_guaranteed_interview"


@pytest.fixture
def hr(client, staff_with_mfa):
    return staff_with_mfa(roles.HR_OFFICER, client)


def scheme_application(**kwargs):
    """Meets the experienced route (registered, 36 months, ASYE done), under the scheme."""
    return factories.submitted(guaranteed_interview=True, **kwargs)


def reject(application, by, **kwargs):
    return screening.application_reject(
        application=application,
        by=by,
        reasons=[factories.rejection_reason()],
        message="Thank you for applying.",
        **kwargs,
    )


# The rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "meets", "status", "interviews", "needed"),
    [
        (True, True, Status.AWAITING_SHORTLISTING, (), True),
        (True, True, Status.FAST_TRACKED, (), True),
        (True, True, Status.SHORTLISTED, (), True),
        (True, True, Status.INTERVIEWING, (InterviewStatus.BOOKED,), True),
        (True, True, Status.INTERVIEWING, (InterviewStatus.HELD,), False),
        (True, True, Status.INTERVIEWING, (InterviewStatus.NO_SHOW,), False),
        (True, False, Status.AWAITING_SHORTLISTING, (), False),
        (False, True, Status.AWAITING_SHORTLISTING, (), False),
    ],
)
def test_the_rule(scheme, meets, status, interviews, needed):
    facts = guaranteed_interview.SchemeFacts(
        guaranteed_interview=scheme,
        meets_essential_criteria=meets,
        status=status,
        interview_statuses=frozenset(interviews),
    )
    assert guaranteed_interview.reason_needed_to_reject(facts) is needed


# The service ----------------------------------------------------------------------


def test_service_refuses_without_the_reason_and_changes_nothing(site):
    application = scheme_application()
    hr = factories.UserFactory()
    with pytest.raises(EssentialCriteriaReasonRequired):
        reject(application, hr)
    with pytest.raises(EssentialCriteriaReasonRequired):
        reject(application, hr, essential_criteria_reason="   ")
    application.refresh_from_db()
    assert application.status == Status.FAST_TRACKED
    assert application.screening_started_at is None
    assert not application.timeline.filter(
        action=TimelineAction.GUARANTEED_INTERVIEW_OVERRIDDEN
    ).exists()


def test_service_rejects_with_the_reason_and_records_it_for_hr_only(site):
    application = scheme_application()
    hr = factories.UserFactory()
    application = reject(application, hr, essential_criteria_reason=f"  {WHY}  ")
    assert application.status == Status.REJECTED
    entry = application.timeline.get(action=TimelineAction.GUARANTEED_INTERVIEW_OVERRIDDEN)
    assert entry.reason == WHY
    assert entry.by == hr
    # The applicant's timeline shows only entries with applicant text.
    assert entry.applicant_text == ""


def test_no_reason_needed_when_the_criteria_are_not_met_or_outside_the_scheme(site):
    hr = factories.UserFactory()
    unmet = scheme_application(swe_status=SweStatus.NOT_YET, swe_number="")
    assert reject(unmet, hr).status == Status.REJECTED
    outside = factories.submitted()
    assert reject(outside, hr).status == Status.REJECTED
    assert not TimelineEntry.objects.filter(
        action=TimelineAction.GUARANTEED_INTERVIEW_OVERRIDDEN
    ).exists()


def test_no_reason_needed_after_the_interview_was_held(site):
    application = factories.invited(guaranteed_interview=True)
    slot = factories.slot(application.vacancy)
    interview = interviews.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    interview.status = InterviewStatus.HELD
    interview.save(update_fields=["status"])
    assert reject(application, factories.UserFactory()).status == Status.REJECTED


# HR's page -------------------------------------------------------------------------


def test_reject_page_asks_for_the_reason_only_under_the_scheme(client, hr, site):
    label = "Why this application does not meet the essential criteria"
    scheme = scheme_application()
    other = factories.submitted()
    assert label in client.get(reverse("recruitment_application:reject", args=[scheme.pk])).text
    assert label not in client.get(reverse("recruitment_application:reject", args=[other.pk])).text


def test_reject_page_shows_an_error_when_the_reason_is_empty(client, hr, site):
    application = scheme_application()
    url = reverse("recruitment_application:reject", args=[application.pk])
    data = {"reasons": [factories.rejection_reason().pk], "message": "Thank you."}
    response = client.post(url, {**data, "essential_criteria_reason": ""})
    assert response.status_code == 200
    assert "Enter why this application does not meet the essential criteria" in response.text
    assert 'aria-invalid="true"' in response.text
    application.refresh_from_db()
    assert application.status == Status.FAST_TRACKED
    response = client.post(url, {**data, "essential_criteria_reason": WHY})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.timeline.get(action=TimelineAction.GUARANTEED_INTERVIEW_OVERRIDDEN)


def test_reject_page_bounds_the_reason(client, hr, site):
    application = scheme_application()
    url = reverse("recruitment_application:reject", args=[application.pk])
    response = client.post(
        url,
        {
            "reasons": [factories.rejection_reason().pk],
            "message": "Thank you.",
            "essential_criteria_reason": "x" * 2001,
        },
    )
    assert response.status_code == 200
    assert "2000 characters or fewer" in response.text
    application.refresh_from_db()
    assert application.status == Status.FAST_TRACKED


# The report ------------------------------------------------------------------------


def test_report_lists_overrides_with_csv_and_xlsx(client, hr, site):
    application = scheme_application()
    reject(application, hr, essential_criteria_reason=WHY)
    reject(factories.submitted(), hr)
    page = client.get(reverse(REPORT))
    assert page.status_code == 200
    assert application.reference in page.text
    assert WHY in page.text
    csv = client.get(reverse(REPORT) + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = b"".join(csv.streaming_content).decode().splitlines()
    assert lines[0].startswith("Rejected on,Reference,Vacancy,Route,Rejected by")
    assert len(lines) == 2
    assert application.reference in lines[1] and WHY in lines[1]
    xlsx = client.get(reverse(REPORT) + "?export=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert application.reference in rows[1]
    # Linked from the time-to-interview report.
    assert reverse(REPORT) in client.get(reverse("recruitment_interviews:report")).text


def _overrides(count, vacancy, by):
    made = [
        factories.ApplicationFactory(vacancy=vacancy, guaranteed_interview=True, extras=False)
        for _ in range(count)
    ]
    Application.objects.filter(pk__in=[a.pk for a in made]).update(
        status=Status.REJECTED, submitted_at=timezone.now()
    )
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            application=a,
            by=by,
            action=TimelineAction.GUARANTEED_INTERVIEW_OVERRIDDEN,
            reason=WHY,
        )
        for a in made
    )


@pytest.mark.parametrize("rows", [10, 200])
def test_report_query_count_is_flat(client, hr, site, rows, django_assert_max_num_queries):
    vacancy = factories.make_vacancy()
    _overrides(rows, vacancy, hr)
    assert len(reports.guaranteed_interview_overrides()) == rows
    with django_assert_max_num_queries(20):
        response = client.get(reverse(REPORT))
    assert response.status_code == 200
    with django_assert_max_num_queries(1):
        reports.guaranteed_interview_overrides()


@pytest.mark.parametrize(
    "role", [r for r in roles.ROLES if r != roles.HR_OFFICER], ids=lambda r: r.slug
)
def test_other_roles_cannot_reach_the_report(client, site, staff_with_mfa, role):
    staff_with_mfa(role, client)
    for suffix in ("", "?export=csv", "?export=xlsx"):
        assert client.get(reverse(REPORT) + suffix).status_code in (302, 403), role.slug


def test_anonymous_people_are_asked_to_sign_in(client, site):
    response = client.get(reverse(REPORT))
    assert response.status_code == 302
    assert "login" in response["Location"]
