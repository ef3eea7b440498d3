"""Two HR officers pressing "Send" on one offer at the same moment send one letter
(PostgreSQL: row locks)."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from recruitment.choices import OfferState
from recruitment.errors import OfferError
from recruitment.models import Offer
from recruitment.services import offer_letters, offers
from tests.factories import UserFactory
from tests.recruitment import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

ROUNDS = 3


def _press_send_together(offer, officers) -> list[str]:
    barrier = threading.Barrier(len(officers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def press(officer):
        try:
            barrier.wait(timeout=10)
            # The test settings run the letter's task as soon as the transaction commits.
            offers.offer_send(offer=offer, by=officer)
            result = "sent"
        except OfferError:
            result = "refused"
        except Exception as error:  # anything else would be a server error
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=press, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_officers_sending_at_once_send_one_letter(site):
    from portal import roles

    for _ in range(ROUNDS):
        officers = [UserFactory(roles=[roles.HR_OFFICER]) for _ in range(2)]
        offer = factories.drafted_offer(by=officers[0])
        mail.outbox.clear()
        outcomes = _press_send_together(offer, officers)
        assert sorted(outcomes) == ["refused", "sent"], outcomes
        offer.refresh_from_db()
        assert offer.state == OfferState.SENT
        letters = [m for m in mail.outbox if m.to == [offer.application.email]]
        assert len(letters) == 1
        assert Offer.objects.filter(application=offer.application).count() == 1


def test_the_worker_running_twice_at_once_sends_one_letter(site):
    from portal import roles

    offer = factories.drafted_offer(by=UserFactory(roles=[roles.HR_OFFICER]))
    # As if "Send" was pressed and its task queued twice (here tasks run at once on commit,
    # so the state is set directly).
    Offer.objects.filter(pk=offer.pk).update(state=OfferState.SENDING)
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def deliver():
        try:
            barrier.wait(timeout=10)
            results.append(offer_letters.offer_letter_deliver(offer.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["nothing to do", "sent"], results
    assert len([m for m in mail.outbox if m.to == [offer.application.email]]) == 1
