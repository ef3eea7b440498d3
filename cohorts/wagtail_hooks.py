"""Registers the "Cohorts" back office (``cohorts.backoffice``) and its history actions."""

from wagtail import hooks

from cohorts.backoffice.dashboard import CohortsHomePanel
from cohorts.backoffice.menu import CohortsViewSetGroup
from cohorts.backoffice.progression import ProgressionViewSetGroup
from cohorts.services import progression
from cohorts.services.common import AUDIT_ACTIONS
from cohorts.services.evidence import EVIDENCE_AUDIT_ACTIONS
from portal import audit


@hooks.register("register_admin_viewset")
def register_cohorts_viewsets():
    return CohortsViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_cohorts_panel(request, panels):
    if request.user.has_perm("cohorts.view_enrolment"):
        panels.append(CohortsHomePanel())


@hooks.register("register_log_actions")
def register_cohorts_log_actions(actions):
    for name, label, message in AUDIT_ACTIONS + EVIDENCE_AUDIT_ACTIONS:
        audit.register(actions, name, label, message)


@hooks.register("register_admin_viewset")
def register_progression_viewsets():
    return ProgressionViewSetGroup()


@hooks.register("register_log_actions")
def register_progression_log_actions(actions):
    for name, label, message in progression.AUDIT_ACTIONS:
        audit.register(actions, name, label, message)
