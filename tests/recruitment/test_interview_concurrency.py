"""Two people booking the last free slot at the same moment: exactly one wins (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from portal import roles
from recruitment import errors
from recruitment.models import Interview
from recruitment.services import interviews as interview_services
from tests.recruitment import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

CONTENDERS = 4
ROUNDS = 5


def _race(slot, applications):
    barrier = threading.Barrier(len(applications))
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(application):
        try:
            barrier.wait(timeout=10)
            interview_services.interview_book(
                application=application, slot=slot, by=application.applicant
            )
            result = "won"
        except errors.SlotTaken:
            result = "taken"
        except Exception as error:  # any other error is a server error
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_exactly_one_of_many_wins_the_last_slot_every_time(site):
    panel = factories.UserFactory(roles=[roles.PANEL_MEMBER])
    vacancy = factories.invited().vacancy
    for round_number in range(ROUNDS):
        start = factories.at(factories.working_day_ahead(2 + round_number), 10)
        slot = factories.slot(vacancy, panel=[panel], start=start)
        applications = [factories.invited(vacancy=vacancy) for _ in range(CONTENDERS)]
        outcomes = _race(slot, applications)
        assert sorted(outcomes) == ["taken"] * (CONTENDERS - 1) + ["won"], outcomes
        assert Interview.objects.filter(slot=slot, status="booked").count() == 1


def test_the_same_applicant_in_two_tabs_books_once(site):
    panel = factories.UserFactory(roles=[roles.PANEL_MEMBER])
    application = factories.invited()
    first = factories.slot(application.vacancy, panel=[panel])
    second = factories.slot(application.vacancy, start=first.end)
    barrier = threading.Barrier(2)
    outcomes = []

    def book(slot):
        try:
            barrier.wait(timeout=10)
            interview_services.interview_book(
                application=application, slot=slot, by=application.applicant
            )
            outcomes.append("won")
        except errors.InterviewError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(s,)) for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "won"]
    assert Interview.objects.filter(application=application, status="booked").count() == 1
