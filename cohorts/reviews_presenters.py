"""What the review panels on the one-screen pages show: the review points, the next one,
and what is still needed to pass. Reads only what ``selectors.with_progress``
prefetched (``review_list``) and ``progress.describe`` worked out: no queries."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cohorts.models import ReviewPoint
from portal.components import Table, Tag, cell, link
from portal.templatetags.govuk import govuk_date

RECOMMENDATION_COLOURS = {
    ReviewPoint.Recommendation.ON_TRACK: "green",
    ReviewPoint.Recommendation.CONCERNS: "orange",
    ReviewPoint.Recommendation.PASS: "green",
    ReviewPoint.Recommendation.FAIL: "red",
}


def review_title(review: ReviewPoint) -> str:
    if review.is_final:
        return _("%(month)s months (final)") % {"month": review.month}
    if review.optional:
        return _("%(month)s months (optional)") % {"month": review.month}
    return _("%(month)s months") % {"month": review.month}


def recommendation_tag(review: ReviewPoint):
    if not review.recommendation:
        return Tag(_("Not held yet"), "grey")
    return Tag(
        review.get_recommendation_display(), RECOMMENDATION_COLOURS.get(review.recommendation, "")
    )


def _record_cell(review: ReviewPoint):
    if not review.is_held:
        return ""
    if not review.record_pdf:
        return _("Being prepared")
    return link(
        reverse("cohorts:review_record", args=[review.public_id]),
        _("Download record (PDF)"),
        hidden=review_title(review),
    )


def still_needed(enrolment) -> list[str]:
    """What the member still needs before their programme can pass, from what is loaded."""
    needed = []
    for review in getattr(enrolment, "review_list", []):
        if not review.is_held and not review.optional:
            needed.append(
                _("The %(title)s review, due %(date)s")
                % {"title": review_title(review), "date": govuk_date(review.due_date)}
            )
    if enrolment.days_required and enrolment.days_counted < enrolment.days_required:
        needed.append(
            _("%(left)s more practice-learning days")
            % {"left": f"{enrolment.days_required - enrolment.days_counted:g}"}
        )
    return needed


def review_panel(enrolment, *, assessor_links: bool = False) -> dict:
    """The review panel's context: ``table``, ``next_review``, ``still_needed``, and
    ``coverage`` (the evidence part's coverage, wired in at merge; None until then)."""
    reviews = sorted(getattr(enrolment, "review_list", []), key=lambda r: r.month)
    head = [_("Review"), _("Due"), _("Held"), _("Recommendation"), _("Record")]
    if assessor_links:
        head.append(_("Action"))
    rows = []
    for review in reviews:
        row = [
            cell(review_title(review), header=True),
            govuk_date(review.due_date),
            govuk_date(review.held_on) if review.held_on else _("Not yet"),
            cell(recommendation_tag(review)),
            cell(_record_cell(review)),
        ]
        if assessor_links:
            row.append(
                cell(
                    link(
                        reverse(
                            "cohorts:supervision_review",
                            args=[enrolment.public_id, review.public_id],
                        ),
                        _("Change") if review.is_held else _("Record"),
                        hidden=_("the %(title)s review") % {"title": review_title(review)},
                    )
                )
            )
        rows.append(row)
    next_review = next((r for r in reviews if not r.is_held), None)
    return {
        "table": Table(head=head, rows=rows, caption=_("Review points"), caption_size="s")
        if rows
        else None,
        "next_review": next_review,
        "still_needed": still_needed(enrolment),
        "coverage": getattr(enrolment, "coverage", None),
    }
