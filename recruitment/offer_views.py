"""The applicant's offer: read it, download the letter, accept or decline it.

Only the applicant's own offer, and only once its letter has gone: anything else is
a 404 (``selectors.offer_for_applicant``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.downloads import private_download
from portal.errors import DomainError
from portal.forms import form_data
from recruitment import offering, presenters, selectors
from recruitment.choices import OfferState
from recruitment.offer_forms import AcceptOfferForm, DeclineOfferForm
from recruitment.services import offers


def _offer(request, pk):
    offer = selectors.offer_for_applicant(request.user, pk)
    if offer is None:
        raise Http404
    return offer


def _may_answer(offer) -> bool:
    return offer.state == OfferState.SENT and not offering.is_past_deadline(
        offer.response_deadline, timezone.localdate()
    )


def _context(offer, **extra) -> dict:
    return {
        "offer": offer,
        "application": offer.application,
        "vacancy": offer.application.vacancy,
        **extra,
    }


@login_required
def offer(request, pk):
    offer = _offer(request, pk)
    return render(
        request,
        "recruitment/offer.html",
        _context(
            offer,
            rows=presenters.offer_rows(offer),
            may_answer=_may_answer(offer),
            outcome=presenters.offer_outcome(offer, today=timezone.localdate()),
            # The checks matter once the offer is accepted; until then the letter lists them.
            shows_checks=offer.state == OfferState.ACCEPTED,
            checks_needed=selectors.checks_needed_from_applicant(offer),
            references_arrived=selectors.references_for_applicant(offer.application),
        ),
    )


@login_required
def offer_letter(request, pk):
    offer = _offer(request, pk)
    if not offer.letter:
        raise Http404
    return private_download(
        offer.letter, filename="offer-letter.pdf", content_type="application/pdf"
    )


def _answer(request, pk, *, form_class, template, act, done, after_accepting=False):
    offer = _offer(request, pk)
    # Having accepted, the applicant may still decline before they start.
    still_open = after_accepting and offer.state == OfferState.ACCEPTED
    refusal = "" if still_open else offers.answer_refusal(offer, timezone.localdate())
    if refusal:
        messages.error(request, refusal)
        return redirect("recruitment:offer", offer.application_id)
    form = form_class(form_data(request))
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            act(offer, form.cleaned_data)
        except DomainError as problem:
            error = problem.message
        else:
            messages.success(request, done)
            return redirect("recruitment:offer", offer.application_id)
    return render(request, template, _context(offer, form=form, error=error))


@login_required
def offer_accept(request, pk):
    return _answer(
        request,
        pk,
        form_class=AcceptOfferForm,
        template="recruitment/offer_accept.html",
        act=lambda offer, data: offers.offer_accept(offer=offer, by=request.user),
        done=_("You have accepted the offer"),
    )


@login_required
def offer_decline(request, pk):
    return _answer(
        request,
        pk,
        form_class=DeclineOfferForm,
        template="recruitment/offer_decline.html",
        act=lambda offer, data: offers.offer_decline(
            offer=offer, by=request.user, reason=data["reason"]
        ),
        done=_("You have declined the offer"),
        after_accepting=True,
    )
