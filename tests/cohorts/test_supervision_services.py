"""Logging and confirming supervision: who may, and what is recorded."""

import datetime

import pytest
from django.utils import timezone

from cohorts.models import SupervisionSession
from cohorts.services import supervision
from cohorts.services.common import NotAllowed
from portal import roles
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    manager = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    assessor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    placement_supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    enrolment = f.enrol(line_manager=manager, assessor=assessor)
    today = timezone.localdate()
    f.place(enrolment, start=today - datetime.timedelta(days=10), supervisor=placement_supervisor)
    return enrolment, manager, assessor, placement_supervisor


def log(enrolment, by, **kwargs):
    values = {
        "date": timezone.localdate(),
        "minutes": 60,
        "kind": SupervisionSession.Kind.INDIVIDUAL,
    }
    values.update(kwargs)
    return supervision.supervision_log(enrolment=enrolment, by=by, **values)


def test_member_logs_and_supervisor_confirms(world):
    enrolment, manager, _assessor, _ps = world
    session = log(
        enrolment,
        enrolment.member,
        supervisor=manager,
        notes="private",
        actions=[("Read the policy", timezone.localdate())],
    )
    assert not session.is_confirmed
    assert supervision.confirmer_id(session) == manager.pk
    with pytest.raises(NotAllowed):
        supervision.supervision_confirm(session=session, by=enrolment.member)
    session = supervision.supervision_confirm(session=session, by=manager)
    assert session.is_confirmed
    assert session.confirmed_by == manager
    with pytest.raises(NotAllowed):
        supervision.supervision_confirm(session=session, by=manager)


@pytest.mark.parametrize("who", [1, 2, 3])
def test_each_supervisor_logs_and_the_member_confirms(world, who):
    enrolment = world[0]
    by = world[who]
    session = log(enrolment, by)
    assert session.supervisor == by
    assert supervision.confirmer_id(session) == enrolment.member_id
    with pytest.raises(NotAllowed):
        supervision.supervision_confirm(session=session, by=by)
    assert supervision.supervision_confirm(session=session, by=enrolment.member).is_confirmed


def test_others_may_not_log(world):
    enrolment = world[0]
    for stranger in (
        f.user_with_role(roles.PRACTICE_SUPERVISOR),
        enrolment.cohort.mentor,
        f.hr(),
        f.user_with_role(roles.COHORT_MEMBER),
    ):
        with pytest.raises(NotAllowed):
            log(enrolment, stranger)
    assert not SupervisionSession.objects.exists()


def test_member_must_name_one_of_their_supervisors(world):
    enrolment = world[0]
    with pytest.raises(NotAllowed) as refused:
        log(enrolment, enrolment.member, supervisor=f.user_with_role(roles.PRACTICE_SUPERVISOR))
    assert refused.value.field == "supervisor"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"minutes": 10}, "minutes"),
        ({"minutes": 481}, "minutes"),
        ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "date"),
        ({"date": f.START - datetime.timedelta(days=1)}, "date"),
        ({"kind": "chat"}, "kind"),
    ],
)
def test_bounded_inputs(world, values, field):
    with pytest.raises(NotAllowed) as refused:
        log(world[0], world[1], **values)
    assert refused.value.field == field


def test_action_done_by_member_or_supervisor_only(world):
    enrolment, manager, assessor, _ps = world
    session = log(enrolment, manager, actions=[("Book training", timezone.localdate())])
    action = session.actions.get()
    with pytest.raises(NotAllowed):
        supervision.supervision_action_done(action=action, by=assessor)
    action = supervision.supervision_action_done(action=action, by=enrolment.member)
    assert action.done_on == timezone.localdate()


def test_each_write_is_in_the_history_without_the_notes(world):
    from wagtail.models import ModelLogEntry

    enrolment, manager, _assessor, _ps = world
    session = log(enrolment, manager, notes="very private words")
    supervision.supervision_confirm(session=session, by=enrolment.member)
    entries = ModelLogEntry.objects.filter(object_id=str(session.pk))
    assert set(entries.values_list("action", flat=True)) >= {
        "cohorts.supervision.create",
        "cohorts.supervision.confirm",
    }
    assert "very private" not in str(list(entries.values_list("data", flat=True)))
