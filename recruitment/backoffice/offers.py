"""HR's offer pages: make an offer from an application, preview and send its letter,
withdraw it, and the list of offers with its filters and export.

Every write is one call to ``recruitment.services.offers``; what the service refuses
comes back on the form or as a message, never as an error page.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from portal.downloads import private_download
from portal.errors import DomainError
from portal.forms import show_refusal
from recruitment import offering, selectors
from recruitment.backoffice.applications import inspect_url
from recruitment.backoffice.checks import checks_panel_context
from recruitment.backoffice.offer_forms import OfferTermsForm, WithdrawOfferForm
from recruitment.backoffice.permissions import OFFERS
from recruitment.backoffice.references import references_panel_context
from recruitment.choices import OfferState
from recruitment.models import Application, Offer, OfferLetterTemplate
from recruitment.pdf import offer_letter_pdf
from recruitment.services import offers


def offer_url(offer: Offer) -> str:
    return reverse("recruitment_offers:inspect", args=[offer.pk])


class OfferIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.offers_visible_to(self.request.user)


class OfferInspectView(generic.InspectView):
    template_name = "recruitment/admin/job_offer.html"

    def get_object(self, queryset=None):
        try:
            return selectors.offer_for_hr(self.request.user, self.pk)
        except (Offer.DoesNotExist, ValueError) as error:
            raise Http404 from error

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offer = self.object
        can_make = OFFERS.user_has_permission(self.request.user, "make")
        context.update(
            offer=offer,
            application=offer.application,
            checks=offer.checks.all(),
            can_make=can_make,
            can_change=can_make and offer.state in offers.CHANGEABLE,
            can_send=can_make and offer.state in offers.CHANGEABLE,
            can_withdraw=can_make
            and offer.state not in (OfferState.SENDING, *TERMINAL_OFFER_STATES),
        )
        context.update(checks_panel_context(offer, self.request.user))
        context.update(references_panel_context(offer.application, self.request.user))
        return context


TERMINAL_OFFER_STATES = (OfferState.DECLINED, OfferState.LAPSED, OfferState.WITHDRAWN)


class OfferHistoryView(history.HistoryView):
    """Who did what to an offer (Wagtail's own asks for add, change or delete: nobody has
    them, offers change only through services)."""

    any_permission_required = ["view"]

    def get_object(self):
        try:
            return selectors.offer_for_hr(self.request.user, self.pk)
        except (Offer.DoesNotExist, ValueError) as error:
            raise Http404 from error


class OfferMixin(PermissionCheckedMixin):
    """An offer HR may see, through the one selector (404 otherwise)."""

    permission_policy = OFFERS
    permission_required = "make"

    @cached_property
    def offer(self) -> Offer:
        try:
            return selectors.offer_for_hr(self.request.user, self.kwargs["pk"])
        except (Offer.DoesNotExist, ValueError) as error:
            raise Http404 from error


class OfferTermsView(WagtailAdminTemplateMixin, FormView):
    """The terms form, shared by making an offer and changing a draft."""

    template_name = "recruitment/admin/job_offer_form.html"
    form_class = OfferTermsForm

    def application_for_form(self) -> Application:
        raise NotImplementedError

    def get_form_kwargs(self):
        application = self.application_for_form()
        return {
            **super().get_form_kwargs(),
            "cohorts": selectors.cohorts_for_offer(
                application.route, offered_on=timezone.localdate()
            ),
            "needs_cohort": offering.needs_cohort(application.route),
        }

    def save(self, form) -> Offer:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            offer = self.save(form)
        except DomainError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(offer_url(offer))


class OfferMakeView(PermissionCheckedMixin, OfferTermsView):
    permission_policy = OFFERS
    permission_required = "make"
    page_title = _("Make an offer")
    success_message = _("Offer drafted. Preview the letter, then send it.")

    @cached_property
    def application(self) -> Application:
        try:
            return selectors.applications_for_hr(self.request.user).get(pk=self.kwargs["pk"])
        except (Application.DoesNotExist, ValueError) as error:
            raise Http404 from error

    def application_for_form(self):
        return self.application

    def get_initial(self):
        application = self.application
        return {
            "job_title": application.vacancy.title,
            "team": getattr(application.vacancy, "team_id", None),
            "letter_template": OfferLetterTemplate.objects.filter(is_default=True)
            .values_list("pk", flat=True)
            .first(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application,
            refusals=offers.offer_refusals(self.application),
            back_url=inspect_url(self.application),
            **kwargs,
        )

    def save(self, form):
        return offers.offer_make(application=self.application, by=self.request.user, **_terms(form))


def _terms(form) -> dict:
    terms = form.terms()
    return {name: getattr(terms, name) for name in terms.__dataclass_fields__}


class OfferChangeView(OfferMixin, OfferTermsView):
    page_title = _("Change the offer")
    success_message = _("Offer changed.")

    def dispatch(self, request, *args, **kwargs):
        if self.offer.state not in offers.CHANGEABLE:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def application_for_form(self):
        return self.offer.application

    def get_initial(self):
        offer = self.offer
        return {name: getattr(offer, name) for name in offers.OfferTerms.__dataclass_fields__}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.offer.application, back_url=offer_url(self.offer), **kwargs
        )

    def save(self, form):
        return offers.offer_change(offer=self.offer, by=self.request.user, terms=form.terms())


class OfferPreviewView(OfferMixin, View):
    """The letter as it would go today, shown in the browser (nothing is stored or sent)."""

    permission_required = "view"

    def get(self, request, *args, **kwargs):
        offer = self.offer
        try:
            content = offer_letter_pdf(offer)
        except Exception as error:
            messages.error(request, _("The letter could not be made: %(error)s") % {"error": error})
            return redirect(offer_url(offer))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="offer-letter-preview.pdf"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class OfferLetterView(OfferMixin, View):
    """The letter as it was sent."""

    permission_required = "view"

    def get(self, request, *args, **kwargs):
        offer = self.offer
        if not offer.letter:
            raise Http404
        return private_download(
            offer.letter, filename="offer-letter.pdf", content_type="application/pdf"
        )


class OfferSendView(OfferMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            offers.offer_send(offer=self.offer, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The letter is being sent. This page shows when it has gone.")
            )
        return redirect(offer_url(self.offer))


class OfferWithdrawView(OfferMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "recruitment/admin/job_offer_withdraw.html"
    form_class = WithdrawOfferForm
    page_title = _("Withdraw the offer")

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, **kwargs)

    def form_valid(self, form):
        try:
            offers.offer_withdraw(
                offer=self.offer, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Offer withdrawn."))
        return redirect(offer_url(self.offer))


class OfferPolicyEditView(generic.EditView):
    """The offer deadline: the edit view saves through the service (History records it)."""

    def save_instance(self):
        return offers.offer_policy_set(
            policy=self.form.instance,
            days=self.form.cleaned_data["response_working_days"],
            by=self.request.user,
        )
