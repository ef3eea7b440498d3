import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from cohorts.models import Enrolment, EvidenceReminder
from cohorts.tasks import send_evidence_reminders
from portal import calendar, roles
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db


def test_evidence_behind_at_a_review_date_reminds_member_and_assessor_once():
    assessor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    enrolment = f.enrol(f.CohortFactory(programme=f.asye()), assessor=assessor)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ACTIVE)
    later = f.enrol(start_date=enrolment.start_date + datetime.timedelta(days=40))
    Enrolment.objects.filter(pk=later.pk).update(status=Enrolment.Status.ACTIVE)  # no review yet
    review = calendar.add_months(enrolment.start_date, 6)  # 6-month review, nothing logged
    mail.outbox.clear()

    assert send_evidence_reminders.call(review.isoformat()) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([enrolment.member.email, assessor.email])
    assert all("reflection" not in m.body.lower() for m in mail.outbox)
    assert EvidenceReminder.objects.filter(enrolment=enrolment, review_date=review).count() == 1

    mail.outbox.clear()
    assert send_evidence_reminders.call(review.isoformat()) == 0  # a second run sends nothing
    assert mail.outbox == []


def test_no_reminder_between_review_dates():
    enrolment = f.enrol(f.CohortFactory(programme=f.asye()))
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ACTIVE)
    day = calendar.add_months(enrolment.start_date, 5)
    assert send_evidence_reminders.call(day.isoformat()) == 0


def test_reminders_command_queues_the_evidence_task(capsys):
    call_command("cohorts_reminders")
    assert "Queued evidence reminders" in capsys.readouterr().out
