import datetime
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cohorts.models import CaseloadBreach, CaseloadCount, CaseloadImport
from cohorts.services import caseload_imports, caseloads
from cohorts.services.common import CohortsError
from portal import roles
from tests import factories as tf
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 2)


@pytest.fixture
def learner():
    manager = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    enrolment = f.enrol(line_manager=manager)
    return enrolment


def test_a_second_count_for_the_day_replaces_the_first(learner):
    person = learner.member
    caseloads.caseload_record(person=person, day=D(2026, 10, 5), count=9, by=None, today=TODAY)
    caseloads.caseload_record(person=person, day=D(2026, 10, 5), count=11, by=None, today=TODAY)
    assert list(CaseloadCount.objects.values_list("count", flat=True)) == [11]


@pytest.mark.parametrize(
    ("count", "day", "field"),
    [(-1, D(2026, 10, 5), "count"), (201, D(2026, 10, 5), "count"), (3, D(2026, 11, 3), "date")],
)
def test_bad_counts_are_refused(learner, count, day, field):
    with pytest.raises(CohortsError) as error:
        caseloads.caseload_record(person=learner.member, day=day, count=count, by=None, today=TODAY)
    assert error.value.field == field
    assert not CaseloadCount.objects.exists()


def test_breach_starts_is_mailed_once_and_ends(learner, django_capture_on_commit_callbacks):
    person = learner.member
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        caseloads.caseload_record(person=person, day=D(2026, 10, 5), count=16, by=None, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        caseloads.caseload_record(
            person=person, day=D(2026, 10, 12), count=18, by=None, today=TODAY
        )
    breach = CaseloadBreach.objects.get()
    assert breach.is_open and breach.started_on == D(2026, 10, 5) and breach.count == 18
    assert breach.notified_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [learner.line_manager.email, learner.cohort.mentor.email]
    )
    assert "16" not in mail.outbox[0].body  # no figures in mail: people sign in to see them
    with django_capture_on_commit_callbacks(execute=True):
        caseloads.caseload_record(
            person=person, day=D(2026, 10, 19), count=15, by=None, today=TODAY
        )
    breach.refresh_from_db()
    assert breach.ended_on == D(2026, 10, 19)
    from cohorts.tasks import send_caseload_breach

    assert send_caseload_breach.call(breach.pk) == "done"
    assert len(mail.outbox) == 2
    # A new spell over the cap is a new breach, mailed once more.
    with django_capture_on_commit_callbacks(execute=True):
        caseloads.caseload_record(
            person=person, day=D(2026, 10, 26), count=17, by=None, today=TODAY
        )
    assert CaseloadBreach.objects.count() == 2
    assert len(mail.outbox) == 4


def test_phased_cap_applies_by_month(learner):
    programme = learner.cohort.programme
    programme.caseload_cap_phases = [{"to_month": 3, "cap": 10}, {"cap": 15}]
    programme.full_clean()
    programme.save()
    # Enrolled 1 September: October is month 2, cap 10.
    caseloads.caseload_record(
        person=learner.member, day=D(2026, 10, 5), count=11, by=None, today=TODAY
    )
    assert CaseloadBreach.objects.get().cap == 10


def _csv(text: str, name="counts.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_upload_refuses_files_that_are_not_csv():
    with pytest.raises(ValidationError):
        caseloads.check_csv(SimpleUploadedFile("x.csv", b"%PDF-1.4\x00\x01", "text/csv"))
    with pytest.raises(ValidationError):
        caseloads.check_csv(_csv("name,number\na,1\n"))
    with pytest.raises(ValidationError):
        caseloads.check_csv(_csv(""))


def test_import_previews_every_row_then_saves_and_twice_changes_nothing(
    learner, django_capture_on_commit_callbacks
):
    record = tf.staff_record(person=learner.member, swe_number="SW123456")
    other = tf.staff_record()
    text = (
        "worker,date,count\n"
        f"SW123456,2026-10-05,12\n"
        f"{other.person.email},05/10/2026,19\n"
        f"{record.public_id},2026-10-12,13\n"
        "nobody@example.com,2026-10-05,3\n"
        "SW123456,2026-13-40,3\n"
        "SW123456,2027-01-01,3\n"
        "SW123456,2026-10-19,-2\n"
        "SW123456,2026-10-19,many\n"
        "SW123456,2026-10-19,999\n"
        "SW123456,2026-10-05,12\n"
    )
    hr = f.hr()
    with django_capture_on_commit_callbacks(execute=True):
        row = caseload_imports.import_upload(upload=_csv(text), by=hr)
    row.refresh_from_db()
    assert row.status == CaseloadImport.Status.PREVIEW
    assert row.file_hash == hashlib.sha256(text.encode()).hexdigest()
    assert not CaseloadCount.objects.exists()  # nothing saved before confirming
    assert [a["line"] for a in row.preview["accepted"]] == [2, 3, 4]
    reasons = {r["line"]: r["reason"] for r in row.preview["rejected"]}
    assert set(reasons) == {5, 6, 7, 8, 9, 10, 11}
    assert "No worker" in reasons[5]
    assert "real date" in reasons[6]
    assert "future" in reasons[7]
    assert "whole number" in reasons[8] and "whole number" in reasons[9]
    assert "200 or fewer" in reasons[10]
    assert "earlier in the file" in reasons[11]
    with django_capture_on_commit_callbacks(execute=True):
        caseload_imports.import_confirm(row=row, by=hr)
    row.refresh_from_db()
    assert row.status == CaseloadImport.Status.SAVED and row.saved_count == 3
    assert CaseloadCount.objects.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        again = caseload_imports.import_upload(upload=_csv(text), by=hr)
    with django_capture_on_commit_callbacks(execute=True):
        caseload_imports.import_confirm(row=again, by=hr)
    again.refresh_from_db()
    assert again.saved_count == 0 and again.unchanged_count == 3
    assert again.file_hash == row.file_hash
    assert CaseloadCount.objects.count() == 3


def test_ten_thousand_rows_import_in_bulk(
    django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from portal.models import StaffRecord

    people = [tf.staff_record() for _ in range(50)]
    lines = ["worker,date,count"]
    for week in range(200):
        day = D(2026, 10, 30) - datetime.timedelta(days=week)
        lines += [
            f"{p.person.email},{day.isoformat()},{(week + i) % 25}" for i, p in enumerate(people)
        ]
    text = "\n".join(lines) + "\n"
    assert StaffRecord.objects.count() == 50
    with django_capture_on_commit_callbacks(execute=True):
        row = caseload_imports.import_upload(upload=_csv(text), by=None)
    row.refresh_from_db()
    assert len(row.preview["accepted"]) == 10_000
    with django_assert_max_num_queries(120), django_capture_on_commit_callbacks(execute=True):
        caseload_imports.import_confirm(row=row, by=None)
    assert CaseloadCount.objects.count() == 10_000
