import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cohorts.models import Enrolment, PanelDecision, ReviewPoint
from cohorts.services import enrolments, reviews
from cohorts.services.common import NotAllowed
from portal import roles
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa

pytestmark = pytest.mark.django_db
D = datetime.date


def _enrol(**kwargs):
    assessor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    cohort = f.CohortFactory(start_date=D(2025, 1, 6))
    return f.enrol(cohort=cohort, assessor=assessor, **kwargs), assessor


def test_review_points_are_made_and_moved_by_pauses_but_held_ones_stay():
    enrolment, assessor = _enrol()
    rows = {r.month: r for r in enrolment.review_points.all()}
    assert sorted(rows) == [3, 6, 9, 12]
    assert rows[3].due_date == D(2025, 4, 6)
    assert rows[12].is_final and rows[9].optional
    reviews.review_record_outcome(
        review=rows[3],
        held_on=D(2025, 4, 7),
        recommendation="on_track",
        summary="Good",
        member_attended=True,
        line_manager_attended=False,
        assessor_attended=True,
        by=assessor,
    )
    enrolments.enrolment_pause(
        enrolment=enrolment,
        reason="illness",
        start_date=D(2025, 5, 1),
        end_date=D(2025, 5, 10),
        by=None,
    )
    rows = {r.month: r for r in enrolment.review_points.all()}
    assert rows[3].due_date == D(2025, 4, 6)
    assert rows[6].due_date == D(2025, 7, 16)


def test_only_the_panel_or_the_completion_checks_end_a_programme():
    hr = f.hr()
    enrolment, _assessor = _enrol()
    for status in (Enrolment.Status.COMPLETED, Enrolment.Status.FAILED):
        with pytest.raises(NotAllowed):
            enrolments.enrolment_set_status(enrolment=enrolment, status=status, reason="x", by=hr)
    with pytest.raises(NotAllowed):
        reviews.enrolment_complete(enrolment=enrolment, by=hr)  # ASYE: the panel decides
    degree = f.enrol(cohort=f.CohortFactory(programme=f.grow_your_own()))
    with pytest.raises(NotAllowed, match="0 of 200 practice-learning days"):
        reviews.enrolment_complete(enrolment=degree, by=hr)
    enrolment.refresh_from_db()
    degree.refresh_from_db()
    assert enrolment.status == degree.status == Enrolment.Status.ACTIVE


@pytest.mark.parametrize(
    ("recommendation", "decision", "status"),
    [
        ("pass", "confirmed", "completed"),
        ("pass", "changed", "failed"),
        ("fail", "confirmed", "failed"),
    ],
)
def test_the_panel_completes_or_fails(recommendation, decision, status):
    hr = f.hr()
    enrolment, assessor = _enrol()
    final = enrolment.review_points.get(is_final=True)
    reviews.review_record_outcome(
        review=final,
        held_on=D(2026, 1, 6),
        recommendation=recommendation,
        summary="Done",
        member_attended=True,
        line_manager_attended=True,
        assessor_attended=True,
        by=assessor,
    )
    panel = reviews.panel_create(date=D(2026, 2, 1), members=[hr], by=hr)
    assert list(reviews.panel_reviews_due(panel)) == [final]
    if decision == "changed":
        with pytest.raises(NotAllowed):
            reviews.panel_decide(panel=panel, review=final, decision=decision, by=hr)
    reviews.panel_decide(panel=panel, review=final, decision=decision, reason="Evidence", by=hr)
    enrolment.refresh_from_db()
    assert enrolment.status == status
    assert PanelDecision.objects.get().outcome == ("pass" if status == "completed" else "fail")


def test_recording_a_review_makes_its_pdf_and_only_the_right_people_see_it(
    client, django_capture_on_commit_callbacks
):
    enrolment, assessor = _enrol()
    review = enrolment.review_points.get(month=3)
    give_totp(assessor)
    sign_in_with_mfa(client, assessor)
    url = reverse("cohorts:supervision_review", args=[enrolment.public_id, review.public_id])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "held_on_day": "7",
                "held_on_month": "4",
                "held_on_year": "2025",
                "attended": ["member"],
                "recommendation": "concerns",
                "summary": "Needs more direct observations",
                "agreed_actions": "Two more direct observations by 1 June 2025",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "cohorts:supervision_learner", args=[enrolment.public_id]
    )
    assert "Review recorded" in client.get(response["Location"]).content.decode()
    review.refresh_from_db()
    assert review.is_held and review.recommendation == "concerns"
    assert review.record_pdf
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(review.record_pdf.read())).pages)
    assert enrolment.member.display_name in text
    assert "3-month review record" in text
    assert "Concerns" in text
    assert "Needs more direct observations" in text
    assert "more direct observations by 1 June 2025" in text  # PDF text splits "T wo"
    pdf = reverse("cohorts:review_record", args=[review.public_id])
    client.force_login(enrolment.member)
    assert client.get(pdf).status_code == 200
    assert client.get(url).status_code in (403, 404)
    other = f.user_with_role(roles.COHORT_MEMBER)
    client.force_login(other)
    assert client.get(pdf).status_code == 404
    stranger = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    give_totp(stranger)
    sign_in_with_mfa(client, stranger)
    assert client.get(url).status_code == 404


def test_a_review_form_with_errors_shows_them(client):
    enrolment, assessor = _enrol()
    review = enrolment.review_points.get(month=3)
    give_totp(assessor)
    sign_in_with_mfa(client, assessor)
    url = reverse("cohorts:supervision_review", args=[enrolment.public_id, review.public_id])
    response = client.post(url, {"held_on_day": "7", "held_on_month": "4"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter a full date, with a day, month and year" in page
    assert "Choose a recommendation" in page
    review.refresh_from_db()
    assert not review.is_held


def test_the_review_reminder_is_sent_once(mailoutbox):
    from cohorts import tasks

    enrolment, _assessor = _enrol()
    review = enrolment.review_points.get(month=3)
    today = (review.due_date - datetime.timedelta(days=14)).isoformat()
    assert tasks.send_review_reminders.call(today) == 1
    sent = len(mailoutbox)
    assert sent >= 2
    assert tasks.send_review_reminders.call(today) == 0
    assert len(mailoutbox) == sent
    assert ReviewPoint.objects.get(pk=review.pk).reminded_at


def test_the_daily_reminders_command_sends_the_review_reminders(monkeypatch, mailoutbox):
    from django.core.management import call_command

    from cohorts import tasks

    _enrol()
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: D(2025, 3, 23))
    call_command("cohorts_reminders")
    assert ReviewPoint.objects.filter(month=3, reminded_at__isnull=False).exists()


def test_hr_are_prompted_to_enrol_a_registered_degree_graduate_in_the_next_asye(client):
    from tests.factories import staff_record

    hr = f.hr()
    give_totp(hr)
    degree = f.enrol(cohort=f.CohortFactory(programme=f.grow_your_own(), name="GYO 2024"))
    # Completed as the panel-free route does it (tested above); here only the prompt matters.
    Enrolment.objects.filter(pk=degree.pk).update(status=Enrolment.Status.COMPLETED)
    unregistered = f.enrol(cohort=degree.cohort)
    Enrolment.objects.filter(pk=unregistered.pk).update(status=Enrolment.Status.COMPLETED)
    staff_record(person=degree.member, swe_number="SW123456")
    staff_record(person=unregistered.member)
    next_asye = f.CohortFactory(
        name="ASYE intake March 2027", start_date=datetime.date.today() + datetime.timedelta(90)
    )
    sign_in_with_mfa(client, hr)
    home = client.get("/admin/").text
    assert f"{degree.member.display_name} finished GYO 2024" in home
    assert unregistered.member.display_name not in home
    assert "Enrol them in ASYE intake March 2027" in home
    f.enrol(cohort=next_asye, member=degree.member)
    assert degree.member.display_name not in client.get("/admin/").text
