"""Pages of the reviews part: the assessor records a review; its record PDF, for those
who may read it (``selectors.reviews_visible_to``); anyone else gets a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cohorts import presenters, selectors
from cohorts.reviews_forms import ReviewOutcomeForm
from cohorts.services import reviews
from portal import roles
from portal.access import role_required
from portal.components import Breadcrumb
from portal.downloads import private_download
from portal.errors import DomainError
from portal.forms import form_data, show_refusal


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.PRACTICE_SUPERVISOR)
def supervision_review(request, public_id, review_id):
    """The assessor records a review of a learner they assess; nobody else may."""
    review = get_object_or_404(
        selectors.reviews_visible_to(request.user).filter(enrolment__assessor=request.user),
        enrolment__public_id=public_id,
        public_id=review_id,
    )
    enrolment = review.enrolment
    initial = {"held_on": review.held_on or min(timezone.localdate(), review.due_date)}
    if review.is_held:
        initial |= {
            "recommendation": review.recommendation,
            "summary": review.summary,
            "agreed_actions": review.agreed_actions,
            "attended": [
                name
                for name, was in (
                    ("member", review.member_attended),
                    ("line_manager", review.line_manager_attended),
                    ("assessor", review.assessor_attended),
                )
                if was
            ],
        }
    form = ReviewOutcomeForm(form_data(request), review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reviews.review_record_outcome(
                review=review, by=request.user, **form.service_arguments()
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Review recorded. Its record is being prepared."))
            return redirect("cohorts:supervision_learner", public_id=enrolment.public_id)
    return render(
        request,
        "cohorts/reviews/record.html",
        {
            "review": review,
            "enrolment": enrolment,
            "breadcrumbs": [
                *presenters.supervision_breadcrumbs(),
                Breadcrumb(
                    enrolment.member.display_name,
                    reverse("cohorts:supervision_learner", args=[enrolment.public_id]),
                ),
            ],
            "form": form,
        },
    )


@never_cache
@require_GET
def review_record_pdf(request, review_id):
    if not request.user.is_authenticated:
        raise Http404
    review = get_object_or_404(selectors.reviews_visible_to(request.user), public_id=review_id)
    if not review.record_pdf:
        raise Http404
    return private_download(
        review.record_pdf,
        filename=f"review-{review.month}-months.pdf",
        content_type="application/pdf",
    )
