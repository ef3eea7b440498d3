"""The panel's scorecards: each member scores each criterion once, after the interview starts."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.models import User
from recruitment.choices import InterviewStatus
from recruitment.errors import InterviewError
from recruitment.models import Interview, Scorecard
from recruitment.services.common import now

SCORES = (1, 2, 3, 4)


def scorecard_submit(
    *, interview: Interview, by: User, scores: list[dict], recommendation: str, notes: str = ""
) -> Scorecard:
    """A panel member submits their scorecard once; it cannot be changed afterwards.

    Raises InterviewError when they are not on the panel, the interview has not
    started (or was moved or cancelled), they already submitted, or a score is
    outside 1–4.
    """
    if not interview.slot.panel.filter(pk=by.pk).exists():
        raise InterviewError(_("You are not on this interview's panel"))
    if interview.status not in (InterviewStatus.BOOKED, InterviewStatus.HELD):
        raise InterviewError(_("This interview was moved or cancelled, so it cannot be scored"))
    if now() < interview.slot.start:
        raise InterviewError(_("You can score this interview once it has started"))
    if any(int(row.get("score") or 0) not in SCORES for row in scores):
        raise InterviewError(_("Score every criterion from 1 to 4"))
    with transaction.atomic():
        card, _created = Scorecard.objects.select_for_update().get_or_create(
            interview=interview, panel_member=by
        )
        if card.submitted_at is not None:
            raise InterviewError(_("You have already submitted your scorecard"))
        card.scores = scores
        card.recommendation = recommendation
        card.notes = notes.strip()
        card.submitted_at = now()
        card.save()
    return card
