import pytest

from portal.errors import DomainError, TransitionNotAllowed
from portal.states import check_move, check_transitions_complete, may_move
from recruitment.choices import TRANSITIONS, Status


def test_a_move_in_the_table_is_allowed_and_one_outside_it_is_refused_with_labels():
    check_move(
        TRANSITIONS, current=Status.SUBMITTED, to=Status.WITHDRAWN, statuses=Status, noun="X"
    )
    with pytest.raises(TransitionNotAllowed) as refused:
        check_move(
            TRANSITIONS,
            current=Status.REJECTED,
            to=Status.SHORTLISTED,
            statuses=Status,
            noun="An application",
        )
    assert refused.value.message == "An application that is 'Rejected' cannot become 'Shortlisted'."
    assert isinstance(refused.value, DomainError)
    assert not may_move(TRANSITIONS, Status.REJECTED, Status.SHORTLISTED)


def test_an_incomplete_table_is_caught():
    check_transitions_complete(TRANSITIONS, Status)
    with pytest.raises(ValueError):
        check_transitions_complete({Status.DRAFT: frozenset({"nowhere"})}, Status)
