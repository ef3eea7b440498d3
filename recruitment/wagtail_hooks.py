"""Registers the recruitment back office (``recruitment.backoffice``) with the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from portal import audit
from recruitment import selectors
from recruitment.backoffice.checks import CHECKS
from recruitment.backoffice.letters import OfferLetterTemplateViewSet
from recruitment.backoffice.panels import FastTrackPanel, InterviewsTodayPanel, OffersPanel
from recruitment.backoffice.permissions import (
    APPLICATIONS,
    OFFER_POLICY,
    OFFERS,
    RETENTION,
    SLOTS,
)
from recruitment.backoffice.references import REFERENCES
from recruitment.backoffice.viewsets import RecruitmentGroup
from recruitment.choices import TimelineAction
from recruitment.models import (
    Application,
    Offer,
    OfferPolicy,
    PreEmploymentCheck,
    ReferenceRequest,
    RetentionPolicy,
)
from recruitment.services.checks import START_DATE_CONFIRMED
from recruitment.services.common import audit_action
from recruitment.services.offers import OFFER_POLICY_CHANGED
from recruitment.services.retention import RETENTION_CHANGED
from recruitment.workforce.backoffice import WorkforceViewSetGroup
from recruitment.workforce.planning import AUDIT_ACTIONS as GROWTH_PLAN_ACTIONS

register_permission_policy(Application, APPLICATIONS, exact_class=True)
register_permission_policy(RetentionPolicy, RETENTION, exact_class=True)

# Offers
register_permission_policy(Offer, OFFERS, exact_class=True)
register_permission_policy(OfferPolicy, OFFER_POLICY, exact_class=True)
register_snippet(OfferLetterTemplateViewSet)


@hooks.register("register_admin_viewset")
def register_recruitment():
    return RecruitmentGroup()


@hooks.register("register_admin_viewset")
def register_workforce():
    return WorkforceViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_recruitment_panels(request, panels):
    if selectors.can_review(request.user):
        panels.append(FastTrackPanel(request))
        if SLOTS.user_has_permission(request.user, "view"):
            panels.append(InterviewsTodayPanel(request))
    # Offers
    if selectors.can_see_offers(request.user):
        panels.append(OffersPanel(request))


@hooks.register("register_log_actions")
def register_timeline_actions(actions):
    """Each step of an application's timeline, in its History too."""
    for action in TimelineAction:
        message = action.label
        if action == TimelineAction.MOVED:
            message = _("Status changed from {from} to {to}")
        audit.register(actions, audit_action(action), action.label, message)
    audit.register(
        actions,
        RETENTION_CHANGED,
        _("Retention period changed"),
        _("Unsuccessful applicants' data kept for {to} months (was {from})"),
    )
    # Offers
    audit.register(
        actions,
        OFFER_POLICY_CHANGED,
        _("Offer deadline changed"),
        _("Applicants have {to} working days to answer an offer (was {from})"),
    )


# References ---


register_permission_policy(ReferenceRequest, REFERENCES, exact_class=True)


# Checks, first day, retention ---------------------------------------------------------


register_permission_policy(PreEmploymentCheck, CHECKS, exact_class=True)


@hooks.register("register_log_actions")
def register_check_actions(actions):
    audit.register(
        actions,
        START_DATE_CONFIRMED,
        _("Start date confirmed"),
        _("Start date confirmed: {to}"),
    )


# The growth plan's history (issue 11) -----------------------------------------------


@hooks.register("register_log_actions")
def register_growth_plan_actions(actions):
    for name, (label, message) in GROWTH_PLAN_ACTIONS.items():
        audit.register(actions, name, label, message)
