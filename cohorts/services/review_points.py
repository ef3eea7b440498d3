"""Review points as rows: made from the programme's ``review_points`` when a member is
enrolled, and moved whenever the start or a pause changes, by the one rule
``cohorts.progress.review_dates``. A review already held never moves.

Apart from ``reviews`` because enrolling and pausing call it, and ``reviews`` ends
enrolments through ``enrolments``: one way round.
"""

from cohorts import progress
from cohorts.models import Enrolment, ReviewPoint


def reviews_schedule(enrolment: Enrolment) -> list[ReviewPoint]:
    """Make the enrolment's missing review points and move those not yet held.

    Called by ``cohorts.services.enrolments`` inside its transaction, with the
    enrolment locked and its start and pauses as they now are.
    """
    pauses = list(enrolment.pauses.all())
    dates = progress.review_dates(enrolment, pauses)
    if not dates:
        return []
    final_month = max(point["month"] for point in dates)
    existing = {r.month: r for r in enrolment.review_points.all()}
    rows = []
    for point in dates:
        review = existing.get(point["month"])
        if review is None:
            review = ReviewPoint.objects.create(
                enrolment=enrolment,
                month=point["month"],
                optional=point["optional"],
                is_final=point["month"] == final_month,
                due_date=point["date"],
            )
        elif not review.is_held and review.due_date != point["date"]:
            review.due_date = point["date"]
            review.save(update_fields=["due_date"])
        rows.append(review)
    return rows
