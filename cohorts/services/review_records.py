"""The worker's side of a review: its record PDF, and claiming a reminder once.

Apart from ``reviews`` because the tasks call these, and ``reviews`` queues the
tasks: ``reviews`` -> ``tasks`` -> here, one way round.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string

from cohorts.models import ReviewPoint
from cohorts.services.common import locked


def review_record_html(review: ReviewPoint) -> str:
    return render_to_string("cohorts/reviews/record_pdf.html", {"review": review})


def review_render_record(review_id: int) -> str:
    """Render a recorded review's PDF and store it privately (the worker runs this)."""
    # WeasyPrint loads Pango and fonts when imported: only where a PDF is made.
    from weasyprint import HTML

    review = (
        ReviewPoint.objects.select_related(
            "enrolment__member",
            "enrolment__cohort__programme",
            "enrolment__line_manager",
            "enrolment__assessor",
            "recorded_by",
        )
        .filter(pk=review_id, recorded_at__isnull=False)
        .first()
    )
    if review is None:
        return "nothing to do"
    content = HTML(string=review_record_html(review)).write_pdf()
    with transaction.atomic():
        current = locked(ReviewPoint.objects.all(), review.pk)
        if current.recorded_at != review.recorded_at:
            return "changed since"  # a newer recording queued its own PDF
        current.record_pdf.save(f"{review.public_id}.pdf", ContentFile(content), save=False)
        current.save(update_fields=["record_pdf"])
    return "stored"


def review_reminder_claim(review_id: int, *, now: datetime.datetime) -> ReviewPoint | None:
    """Mark a review reminded, once: None when another run reminded it already."""
    with transaction.atomic():
        claimed = ReviewPoint.objects.filter(pk=review_id, reminded_at__isnull=True).update(
            reminded_at=now
        )
    if not claimed:
        return None
    return ReviewPoint.objects.select_related(
        "enrolment__member", "enrolment__line_manager", "enrolment__assessor", "enrolment__cohort"
    ).get(pk=review_id)
