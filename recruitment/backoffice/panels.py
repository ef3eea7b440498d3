"""HR's dashboard panels: fast-track applications waiting, and today's interviews."""

import datetime

from django.utils import timezone
from wagtail.admin.ui.components import Component

from portal.calendar import start_of_day
from recruitment import presenters, selectors


class FastTrackPanel(Component):
    """Fast-track applications waiting for an interview offer, soonest due first."""

    name = "recruitment_fast_track"
    template_name = "recruitment/admin/fast_track_panel.html"
    order = 50
    shown = 10

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting = selectors.fast_tracks_waiting(self.request.user)
        rows = [
            (application, *presenters.fast_track_clock(application))
            for application in waiting[: self.shown]
        ]
        context.update(rows=rows, total=waiting.count())
        return context


class InterviewsTodayPanel(Component):
    """Today's booked and held interviews, earliest first."""

    name = "recruitment_interviews_today"
    template_name = "recruitment/admin/interviews_today_panel.html"
    order = 60

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        start = start_of_day(timezone.localdate())
        context["rows"] = list(
            selectors.interviews_starting_between(
                self.request.user, start, start + datetime.timedelta(days=1)
            )
        )
        return context


# Offers -----------------------------------------------------------------------------

STARTERS_DAYS = 30


class OffersPanel(Component):
    """From offer to first day: offers waiting for an answer, letters not sent, references
    overdue, checks pending and starters in the next 30 days. Each is a count that links to
    its list filtered by the same selector."""

    name = "recruitment_offers"
    template_name = "recruitment/admin/job_offers_panel.html"
    order = 55

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = self.request.user
        context.update(
            awaiting=selectors.offers_awaiting_answer(user).count(),
            failed=selectors.offers_send_failed(user).count(),
            starters=selectors.starters_within(user, STARTERS_DAYS).count(),
            days=STARTERS_DAYS,
            references_overdue=selectors.references_overdue(user).count(),
            checks_pending=selectors.checks_pending(user).count(),
            shows_references=selectors.can_see_references(user),
            shows_checks=selectors.can_see_checks(user),
        )
        return context
