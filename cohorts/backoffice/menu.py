"""The Cohorts menu: every view set of the cohorts back office, in the order HR read them."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from cohorts.backoffice import caseload_viewsets
from cohorts.backoffice.viewsets import (
    CapabilityDomainViewSet,
    CohortViewSet,
    DayLogViewSet,
    EnrolmentViewSet,
    KnowledgeStatementViewSet,
    ModerationPanelViewSet,
    OffTheJobViewSet,
    PartnerCoordinatorViewSet,
    PauseViewSet,
    PlacementViewSet,
    PracticeSupervisorViewSet,
    ProgrammeViewSet,
    SessionViewSet,
)


class CohortsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Cohorts")
    menu_icon = "group"
    menu_order = 300
    items = (
        ProgrammeViewSet,
        CohortViewSet,
        EnrolmentViewSet,
        PauseViewSet,
        PlacementViewSet,
        DayLogViewSet,
        OffTheJobViewSet,
        SessionViewSet,
        PracticeSupervisorViewSet,
        PartnerCoordinatorViewSet,
        ModerationPanelViewSet,
        *caseload_viewsets.VIEWSETS,
        CapabilityDomainViewSet,
        KnowledgeStatementViewSet,
    )
