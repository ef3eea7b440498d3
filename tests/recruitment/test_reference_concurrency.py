"""A referee's link used twice at the same moment (two tabs, a double click that got
through): exactly one answer is kept, and HR are told once (PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from portal import roles
from recruitment.choices import ReferenceState, Status, Suitability
from recruitment.errors import ReferenceProblem
from recruitment.models import ReferenceRequest, TimelineEntry
from recruitment.services import references
from tests.factories import user_with_role
from tests.recruitment import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

ANSWERS = references.ReferenceAnswers(
    how_known="Team manager",
    known_from=datetime.date(2020, 1, 1),
    known_to=None,
    applicant_role="Social worker",
    suitable_with_children=Suitability.YES,
    safeguarding_concerns=False,
    safeguarding_detail="",
    disciplinary_action=False,
    disciplinary_detail="",
)


def test_one_link_answered_twice_at_once_keeps_one_answer(site):
    application = factories.in_status(Status.INTERVIEWING)
    hr = user_with_role(roles.HR_OFFICER)
    request = references.references_request_all(application=application, by=hr)[0]
    barrier = threading.Barrier(3)
    outcomes = []
    lock = threading.Lock()

    def answer(kind):
        try:
            barrier.wait(timeout=10)
            copy = ReferenceRequest.objects.get(pk=request.pk)
            if kind == "decline":
                references.reference_decline(request=copy, reason="Cannot")
            else:
                references.reference_submit(request=copy, answers=ANSWERS)
            result = "won"
        except ReferenceProblem:
            result = "refused"
        except Exception as error:  # any other error would be a server error
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=answer, args=(k,)) for k in ("a", "b", "decline")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "refused", "won"], outcomes
    request.refresh_from_db()
    assert request.state in (ReferenceState.RECEIVED, ReferenceState.DECLINED)
    answered = TimelineEntry.objects.filter(
        application=application, action__in=["reference received", "reference declined"]
    )
    assert answered.count() == 1
