"""The board report: asked for on the page, made by the worker, kept for download."""

import datetime
import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from portal import roles
from portal.models import StaffRecord, StaffTeamPeriod
from recruitment.workforce import board_pdf, reports
from recruitment.workforce.models import BoardReport, SnapshotMonth, WorkforceMonth
from tests import factories

D = datetime.date
MONTH = D(2026, 3, 1)


def world():
    SnapshotMonth.objects.create(month=MONTH)
    for month, headcount, agency in ((D(2025, 4, 1), 80, 40), (MONTH, 120, 23)):
        WorkforceMonth.objects.create(
            month=month,
            employment_type=StaffRecord.EmploymentType.PERMANENT,
            grade="social_worker",
            headcount=headcount,
            caseload_workers=100,
            caseload_total=1700,
        )
        WorkforceMonth.objects.create(
            month=month,
            employment_type=StaffRecord.EmploymentType.AGENCY,
            grade="social_worker",
            headcount=agency,
        )


def text_of(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
def test_the_pdf_has_every_section_and_the_written_summary(django_capture_on_commit_callbacks):
    world()
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.board_report_request(month=MONTH, filters={"area_ids": None})
    report.refresh_from_db()
    assert report.state == BoardReport.State.READY and report.progress == 100
    with report.file.open("rb") as pdf:
        text = text_of(pdf.read())
    for title in ("Summary", "Headcount", "Caseloads", "Growth plan"):
        assert title in text
    assert "the workforce was 143 people" in text
    assert "The average caseload was 17.0" in text


@pytest.mark.django_db
def test_a_report_that_cannot_be_made_fails_honestly_and_offers_to_try_again(
    client, staff_with_mfa, monkeypatch, django_capture_on_commit_callbacks
):
    world()
    staff_with_mfa(roles.WORKFORCE_LEAD, client)

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(board_pdf, "render", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/workforce/reports/", {"month": MONTH.isoformat()})
    report = BoardReport.objects.get()
    assert response["Location"] == f"/workforce/reports/{report.pk}/"
    assert report.state == BoardReport.State.FAILED and "no fonts" in report.failure
    page = client.get(f"/workforce/reports/{report.pk}/").content.decode()
    assert "could not be made" in page and "Try again" in page and "no fonts" not in page
    assert client.get(f"/workforce/reports/{report.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_the_list_form_refuses_a_month_without_a_snapshot(client, staff_with_mfa):
    world()
    staff_with_mfa(roles.HR_OFFICER, client)
    response = client.post("/workforce/reports/", {"month": "2020-01-01"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not BoardReport.objects.exists()
    page = client.get("/workforce/reports/").content.decode()
    assert "March 2026" in page


@pytest.mark.django_db
def test_a_report_in_progress_refreshes_itself(client, staff_with_mfa):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    report = BoardReport.objects.create(month=MONTH, state=BoardReport.State.MAKING, progress=40)
    page = client.get(f"/workforce/reports/{report.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and 'value="40"' in page


@pytest.mark.django_db
def test_who_sees_which_report(client, staff_with_mfa, user_for_role):
    council = BoardReport.objects.create(month=MONTH, filters={"area_ids": None})
    team = factories.TeamFactory()
    other = factories.TeamFactory()
    head = staff_with_mfa(roles.MENTOR, client)
    record = factories.staff_record(person=head, team=team)
    assert StaffTeamPeriod.objects.filter(staff=record).exists()
    own = BoardReport.objects.create(
        month=MONTH, filters={"area_ids": [team.service_area_id]}, requested_by=head
    )
    theirs = BoardReport.objects.create(
        month=MONTH, filters={"area_ids": [other.service_area_id]}, requested_by=head
    )
    assert list(reports.board_reports_visible_to(head)) == [own]
    assert client.get(f"/workforce/reports/{own.pk}/").status_code == 200
    for hidden in (council, theirs):
        assert client.get(f"/workforce/reports/{hidden.pk}/").status_code == 404
    lead = user_for_role(roles.WORKFORCE_LEAD)
    assert set(reports.board_reports_visible_to(lead)) == {council, own, theirs}
    for role in (roles.APPLICANT, roles.CONTENT_EDITOR, roles.PARTNER_COORDINATOR):
        assert not reports.board_reports_visible_to(user_for_role(role)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [roles.APPLICANT, roles.PANEL_MEMBER, roles.CONTENT_EDITOR, roles.COHORT_MEMBER]
)
def test_everybody_else_is_refused_every_report_address(client, user_for_role, role):
    report = BoardReport.objects.create(month=MONTH)
    client.force_login(user_for_role(role))
    for url in (
        "/workforce/reports/",
        f"/workforce/reports/{report.pk}/",
        f"/workforce/reports/{report.pk}/download/",
    ):
        assert client.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_the_sweep_asks_for_last_months_report_once(monkeypatch):
    SnapshotMonth.objects.create(month=D(2026, 11, 1))
    today = D(2026, 12, 2)
    monkeypatch.setattr(reports.timezone, "localdate", lambda: today)
    first = reports.board_report_for_last_month()
    assert first is not None and first.month == D(2026, 11, 1)
    assert reports.board_report_for_last_month() is None
    assert BoardReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_makes_the_report_and_it_downloads(client, staff_with_mfa, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    world()
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    response = client.post("/workforce/reports/", {"month": MONTH.isoformat()})
    report = BoardReport.objects.get()
    assert report.state == BoardReport.State.QUEUED
    assert DBTaskResult.objects.filter(status="READY").exists()
    assert client.get(response["Location"]).status_code == 200
    # How long it takes is the bench's to say (workforce_bench), not a timed test's.
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    report.refresh_from_db()
    assert report.state == BoardReport.State.READY, report.failure
    download = client.get(f"/workforce/reports/{report.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert "Growth plan" in text_of(b"".join(download.streaming_content))


def test_a_long_table_prints_its_first_rows_and_says_how_many_are_left_off():
    from recruitment.workforce.board_pdf import PRINTED_ROWS, _printed
    from recruitment.workforce.sections import DataTable, Section

    rows = [[f"Team {n}", n] for n in range(PRINTED_ROWS + 5)]
    section = Section(
        slug="s", title="S", summary="", tables=[DataTable("t", "T", ["Team", "People"], rows)]
    )
    [(table, printed, left_off)] = _printed(section)
    assert len(printed) == PRINTED_ROWS
    assert left_off == 5
