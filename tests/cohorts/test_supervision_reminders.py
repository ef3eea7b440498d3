"""Supervision overdue: the member and their manager are reminded once per due date."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cohorts.models import SupervisionReminder, SupervisionSession
from cohorts.services import supervision
from cohorts.supervision_tasks import send_supervision_overdue_reminders
from portal import roles
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db

NOTES = "PRIVATE-REMINDER-NOTE"


def test_overdue_supervision_is_reminded_once_to_member_and_line_manager(site):
    today = timezone.localdate()
    cohort = f.CohortFactory(start_date=today - datetime.timedelta(days=60))
    manager = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    overdue = f.enrol(cohort=cohort, line_manager=manager)
    on_time = f.enrol(cohort=cohort, line_manager=manager)
    session = supervision.supervision_log(
        enrolment=on_time,
        date=today,
        minutes=60,
        kind=SupervisionSession.Kind.INDIVIDUAL,
        notes=NOTES,
        by=manager,
    )
    supervision.supervision_confirm(session=session, by=on_time.member)
    mail.outbox.clear()

    assert send_supervision_overdue_reminders.call(today.isoformat()) == 1

    assert sorted(m.to[0] for m in mail.outbox) == sorted([overdue.member.email, manager.email])
    assert all(NOTES not in m.body for m in mail.outbox)
    manager_mail = next(m for m in mail.outbox if m.to == [manager.email])
    assert overdue.member.display_name in manager_mail.body
    assert str(overdue.public_id) in manager_mail.body
    assert SupervisionReminder.objects.filter(enrolment=overdue).count() == 1

    mail.outbox.clear()
    assert send_supervision_overdue_reminders.call(today.isoformat()) == 0
    assert (
        send_supervision_overdue_reminders.call((today + datetime.timedelta(days=1)).isoformat())
        == 0
    )
    assert mail.outbox == []


def test_without_a_line_manager_the_current_placement_supervisor_is_reminded(site):
    today = timezone.localdate()
    cohort = f.CohortFactory(start_date=today - datetime.timedelta(days=60))
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    enrolment = f.enrol(cohort=cohort)
    f.place(
        enrolment,
        supervisor=supervisor,
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=30),
    )
    mail.outbox.clear()
    assert send_supervision_overdue_reminders.call(today.isoformat()) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [enrolment.member.email, supervisor.email]
    )


def test_reminders_command_queues_the_supervision_task(capsys):
    call_command("cohorts_reminders")
    assert "Queued supervision overdue reminders" in capsys.readouterr().out
