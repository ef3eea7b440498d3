import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from cohorts.models import Placement
from cohorts.tasks import PLACEMENT_NOTICE, ROTATION_PLAN, send_notice, send_sign_off_reminders
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


def test_notices_have_a_subject_a_body_and_links_to_the_public_address(
    settings, site, django_capture_on_commit_callbacks
):
    settings.PORTAL_PUBLIC_URL = "https://training.example.gov.uk/"
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    enrolment = f.enrol()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        placement = f.place(enrolment, supervisor=supervisor, start=D(2026, 9, 1))
    by_person = {m.to[0]: m for m in mail.outbox}
    member = by_person[enrolment.member.email]
    assert member.subject == "Your next placement"
    assert f"You have a placement with {placement.team.name}" in member.body
    assert "https://training.example.gov.uk/training/" in member.body
    assert by_person[supervisor.email].subject == "A learner is placed with you"
    assert "https://training.example.gov.uk/supervision/" in by_person[supervisor.email].body
    assert not any("127.0.0.1" in m.body for m in mail.outbox)


def test_a_notice_about_a_row_that_has_gone_sends_nothing():
    mail.outbox.clear()
    assert send_notice.call(PLACEMENT_NOTICE, 987654) == "gone"
    assert mail.outbox == []


def test_a_rotation_plan_lists_each_placement_once_in_order(site):
    enrolment = f.enrol()
    first = f.place(enrolment, start=D(2026, 9, 1), end=D(2026, 9, 30))
    second = f.place(enrolment, start=D(2026, 10, 1), end=D(2026, 12, 31))
    mail.outbox.clear()
    send_notice.call(ROTATION_PLAN, enrolment.pk)
    [message] = mail.outbox
    body = message.body
    assert message.subject == "Your placements are planned"
    assert body.index(first.team.name) < body.index(second.team.name)
