"""Two people booking the last free slot at the same moment: exactly one wins (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from portal import roles
from recruitment import errors
from recruitment.models import Interview
from recruitment.services import interviews as interview_services
from tests.factories import sign_in_with_mfa
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


def test_fifty_people_booking_one_slot_through_the_page_get_a_page_not_an_error(site):
    """The loser of a race always reads "that time has just been booked", never a 500."""
    from django.test import Client
    from django.urls import reverse

    panel = factories.UserFactory(roles=[roles.PANEL_MEMBER])
    vacancy = factories.invited().vacancy
    slot = factories.slot(vacancy, panel=[panel])
    applications = [factories.invited(vacancy=vacancy) for _ in range(50)]
    barrier = threading.Barrier(len(applications))
    statuses: list[tuple[int, str]] = []
    lock = threading.Lock()

    def book(application):
        client = Client(raise_request_exception=False)
        sign_in_with_mfa(client, application.applicant)
        url = reverse("recruitment:interview", args=[application.pk])
        try:
            barrier.wait(timeout=30)
            response = client.post(url, {"slot": str(slot.pk)})
            outcome = (response.status_code, response.content.decode())
        finally:
            connections.close_all()
        with lock:
            statuses.append(outcome)

    threads = [threading.Thread(target=book, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    codes = sorted(code for code, _body in statuses)
    assert len(codes) == 50
    assert codes.count(302) == 1, codes
    losers = [body for code, body in statuses if code == 200]
    assert len(losers) == 49, codes
    assert all("has just been booked by someone else" in body for body in losers)
    assert Interview.objects.filter(slot=slot, status="booked").count() == 1


def test_a_lock_the_database_gives_up_on_is_a_refusal_not_a_crash(site):
    """Under load PostgreSQL may give up waiting for a row lock (``lock_timeout``) or fail a
    transaction to break a deadlock. The person booking is told the time has gone."""
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from recruitment.models import InterviewSlot

    panel = factories.UserFactory(roles=[roles.PANEL_MEMBER])
    application = factories.invited()
    slot = factories.slot(application.vacancy, panel=[panel])
    held, release = threading.Event(), threading.Event()

    def hold_the_slot():
        try:
            with transaction.atomic():
                InterviewSlot.objects.select_for_update().get(pk=slot.pk)
                held.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_slot)
    holder.start()
    assert held.wait(timeout=10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '100ms'")
        client = Client(raise_request_exception=False)
        sign_in_with_mfa(client, application.applicant)
        response = client.post(
            reverse("recruitment:interview", args=[application.pk]), {"slot": str(slot.pk)}
        )
    finally:
        release.set()
        holder.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert response.status_code == 200
    assert "has just been booked by someone else" in response.content.decode()
    assert not Interview.objects.filter(slot=slot).exists()
