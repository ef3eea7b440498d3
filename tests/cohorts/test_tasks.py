import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from cohorts.models import Placement
from cohorts.tasks import send_sign_off_reminders
from portal import roles
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def test_supervisors_are_reminded_once_each_of_placements_to_sign_off():
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    other = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    ending = f.place(f.enrol(), supervisor=supervisor, start=D(2026, 9, 1), end=D(2026, 11, 27))
    ended = f.place(f.enrol(), supervisor=supervisor, start=D(2026, 9, 1), end=D(2026, 11, 10))
    signed = f.place(f.enrol(), supervisor=other, start=D(2026, 9, 1), end=D(2026, 11, 20))
    Placement.objects.filter(pk=signed.pk).update(status=Placement.Status.COMPLETED)
    f.place(f.enrol(), supervisor=other, start=D(2026, 9, 1), end=D(2027, 3, 1))  # not ending
    mail.outbox.clear()

    reminded = send_sign_off_reminders.call("2026-11-23")

    assert reminded == 1
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    body = mail.outbox[0].body
    assert ending.enrolment.member.display_name in body
    assert ended.enrolment.member.display_name in body


def test_reminders_command_queues_the_task(capsys):
    call_command("cohorts_reminders")
    assert "Queued sign-off reminders" in capsys.readouterr().out
