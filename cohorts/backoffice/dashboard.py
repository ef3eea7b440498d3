"""The back-office home's "Cohorts" panel: what in cohorts needs someone today."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component

from cohorts import conf, progress, selectors, supervision_selectors
from cohorts.models import CaseloadBreach, Enrolment


class CohortsHomePanel(Component):
    name = "cohorts"
    order = 200
    template_name = "cohorts/admin/home_panel.html"

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        recent = selectors.cohorts_for_back_office().filter(
            start_date__gte=today - datetime.timedelta(days=365)
        )
        trained, total = supervision_selectors.restorative_trained_counts()
        return {
            "restorative_trained": trained,
            "restorative_total": total,
            # The supervisors' own pages count theirs with the same selector.
            "awaiting_sign_off": selectors.placements_due_sign_off(today).count(),
            "awaiting_sign_off_url": reverse("cohorts_placement:index")
            + "?"
            + urlencode({"stage": progress.SupervisionStage.SIGN_OFF_DUE}),
            "paused": selectors.paused_count(),
            "paused_url": reverse("cohorts_enrolment:index")
            + "?"
            + urlencode({"status": Enrolment.Status.PAUSED}),
            "size_warnings": [
                cohort
                for cohort in recent
                if progress.cohort_size_warning(cohort=cohort, size=cohort.member_count)
            ],
            # Protected caseloads: learners over their cap now.
            "caseload_breaches": CaseloadBreach.objects.filter(ended_on__isnull=True).count(),
            "caseload_breaches_url": reverse("cohorts_caseload_breach:index"),
            # From degree to ASYE: registered graduates of a degree route, to enrol next.
            "ready_for_asye": list(selectors.asye_ready_from_degree(today)[:10]),
            "next_asye": selectors.next_asye_cohort(today),
            "enrol_url": reverse("cohorts_enrolment:add"),
            "size_low": conf.nqsw_cohort_size_min(),
            "size_high": conf.nqsw_cohort_size_max(),
        }
