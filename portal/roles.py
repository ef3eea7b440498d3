"""Roles are Django groups whose permissions are declared here, in code.

``sync_roles`` makes the database match this table; a migration runs it, and
so does every ``migrate`` (apps added later bring permissions of their own).
Which *objects* a role may see is decided by each app's selectors, not here.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    slug: str
    name: str
    description: str
    # Staff roles must set up MFA before they reach any staff page.
    staff: bool
    # Where the person lands after logging in, and the navigation entry.
    home_path: str
    nav_label: str
    permissions: tuple[str, ...] = ()
    # Wagtail page and collection permissions, granted at the root.
    page_permissions: tuple[str, ...] = ()
    collection_permissions: tuple[str, ...] = field(default_factory=tuple)


APPLICANT = Role(
    slug="applicant",
    name="Applicant",
    description=_("Applies online, tracks applications, books interviews."),
    staff=False,
    home_path="/applications/",
    nav_label=_("My applications"),
)
# Cohorts back office (cohorts/backoffice/): HR manage, workforce leads look. Adding
# attendance is taking a session's register (cohorts/backoffice/views.py).
# Mentoring meetings are absent on purpose: their notes are private to mentor and member;
# so are calendar addresses, which only their learner resets.
COHORTS_MODELS = (
    "programme",
    "cohort",
    "cohortpartner",
    "enrolment",
    "enrolmentpause",
    "placement",
    "placementdaylog",
    "offthejoblog",
    "taughtsession",
    "attendance",
    "practicesupervisor",
    "partnercoordinator",
    # Reviews part
    "moderationpanel",
    "paneldecision",
    # Evidence and the capability framework (issue 10): reference data only; the
    # entries themselves are private to the member and their assessors.
    "capabilitydomain",
    "knowledgestatement",
)
COHORTS_MANAGE = tuple(
    f"cohorts.{action}_{model}"
    for model in COHORTS_MODELS
    for action in ("view", "add", "change", "delete")
)
# Caseloads (cohorts/backoffice/caseloads.py): HR import counts and enter or correct one
# through the service, which keeps the breaches; a breach itself is only read.
CASELOADS_MANAGE = (
    "cohorts.view_caseloadimport",
    "cohorts.add_caseloadimport",
    "cohorts.view_caseloadcount",
    "cohorts.add_caseloadcount",
    "cohorts.change_caseloadcount",
    "cohorts.view_caseloadbreach",
)
COHORTS_VIEW = (
    *(f"cohorts.view_{model}" for model in COHORTS_MODELS),
    "cohorts.view_caseloadimport",
    "cohorts.view_caseloadcount",
    "cohorts.view_caseloadbreach",
)

# Progression panels (cohorts/backoffice/progression.py): HR record them, workforce
# leads read them. A panel's decision changes a grade, so it is added, never changed.
PROGRESSION_MODELS = (
    "developmentconversation",
    "developmentopportunity",
    "staffmentorship",
    "psdpnomination",
)
PROGRESSION_MANAGE = (
    *(f"cohorts.{a}_{m}" for m in PROGRESSION_MODELS for a in ("view", "add", "change", "delete")),
    "cohorts.view_progressiondecision",
    "cohorts.add_progressiondecision",
    "cohorts.view_psdppolicy",
    "cohorts.change_psdppolicy",
)
PROGRESSION_VIEW = (
    *(f"cohorts.view_{m}" for m in PROGRESSION_MODELS),
    "cohorts.view_progressiondecision",
    "cohorts.view_psdppolicy",
)

# The growth plan (recruitment/workforce/growth_backoffice.py): HR and the workforce
# lead set the target and its planned intakes, through recruitment.workforce.planning.
GROWTH_PLAN_MANAGE = tuple(
    f"recruitment.{action}_{model}"
    for model in ("growthplan", "plannedintake")
    for action in ("view", "add", "change", "delete")
)

HR_OFFICER = Role(
    slug="hr_officer",
    name="HR officer",
    description=_("Screens applications, runs interviews, manages cohorts and placements."),
    staff=True,
    home_path="/admin/",
    nav_label=_("Back office"),
    permissions=(
        "wagtailadmin.access_admin",
        "portal.view_organisation",
        "portal.add_organisation",
        "portal.change_organisation",
        "portal.view_servicearea",
        "portal.add_servicearea",
        "portal.change_servicearea",
        "portal.view_team",
        "portal.add_team",
        "portal.change_team",
        # Staff records and agency vetting (portal/staff_admin.py); nobody deletes them.
        "portal.view_staffrecord",
        "portal.add_staffrecord",
        "portal.change_staffrecord",
        "portal.view_agencyvetting",
        "portal.change_agencyvetting",
        # The agency rate card (recruitment/workforce/backoffice.py); nobody deletes a rate.
        "recruitment.view_agencydayrate",
        "recruitment.add_agencydayrate",
        "recruitment.change_agencydayrate",
        # Mail the worker could not deliver (portal/wagtail_hooks.py): see why, send again.
        "portal.view_undeliveredmail",
        *GROWTH_PLAN_MANAGE,
        "portal.resend_undeliveredmail",
        # Recruitment back office (recruitment/wagtail_hooks.py).
        "recruitment.view_application",
        "recruitment.screen_application",
        "recruitment.view_routingrule",
        "recruitment.add_routingrule",
        "recruitment.change_routingrule",
        "recruitment.delete_routingrule",
        # How long unsuccessful applicants' data is kept: one row, changed, never added.
        "recruitment.view_retentionpolicy",
        "recruitment.change_retentionpolicy",
        "recruitment.view_rejectionreason",
        "recruitment.add_rejectionreason",
        "recruitment.change_rejectionreason",
        # Interviews (recruitment/admin_interviews.py): slots, calendar, offers, decisions.
        "recruitment.view_interviewslot",
        "recruitment.add_interviewslot",
        "recruitment.change_interviewslot",
        "recruitment.delete_interviewslot",
        "recruitment.view_interview",
        "recruitment.view_scorecard",
        # Offers, references and pre-employment checks (recruitment/backoffice/offers.py).
        "recruitment.view_offer",
        "recruitment.make_offer",
        "recruitment.view_referencerequest",
        "recruitment.change_referencerequest",
        "recruitment.view_preemploymentcheck",
        "recruitment.change_preemploymentcheck",
        # The checklist per route and the offer deadline are data HR keep.
        "recruitment.view_checkrequirement",
        "recruitment.add_checkrequirement",
        "recruitment.change_checkrequirement",
        "recruitment.delete_checkrequirement",
        "recruitment.view_offerpolicy",
        "recruitment.change_offerpolicy",
        "recruitment.view_offerlettertemplate",
        *COHORTS_MANAGE,
        "cohorts.view_reviewpoint",
        *CASELOADS_MANAGE,
        *PROGRESSION_MANAGE,
    ),
)
PANEL_MEMBER = Role(
    slug="panel_member",
    name="Interview panel member",
    description=_("Sees their interviews and records scores."),
    staff=True,
    home_path="/interviews/",
    nav_label=_("My interviews"),
)
MENTOR = Role(
    slug="mentor",
    name="Head of service (cohort mentor)",
    description=_("Mentors a cohort as its champion; sees its members' progress."),
    staff=True,
    home_path="/mentor/",
    nav_label=_("My cohorts"),
)
PRACTICE_SUPERVISOR = Role(
    slug="practice_supervisor",
    name="Practice supervisor",
    description=_("Supervises learners on placement, logs days, signs placements off."),
    staff=True,
    home_path="/supervision/",
    nav_label=_("Supervision"),
)
COHORT_MEMBER = Role(
    slug="cohort_member",
    name="Cohort member",
    description=_(
        "NQSW, apprentice or learner: sees their placements, sessions, review dates "
        "and off-the-job hours."
    ),
    staff=False,
    home_path="/training/",
    nav_label=_("My training"),
)
WORKFORCE_LEAD = Role(
    slug="workforce_lead",
    name="Workforce lead",
    description=_(
        "Senior leader: reads the cohorts back office, staff records and the council's "
        "structure; keeps the agency rate card."
    ),
    staff=True,
    home_path="/workforce/",
    nav_label=_("Workforce"),
    permissions=(
        "wagtailadmin.access_admin",
        "portal.view_organisation",
        "portal.view_servicearea",
        "portal.view_team",
        "portal.view_staffrecord",
        "portal.view_agencyvetting",
        # The agency rate card (recruitment/workforce/backoffice.py).
        "recruitment.view_agencydayrate",
        "recruitment.add_agencydayrate",
        "recruitment.change_agencydayrate",
        *COHORTS_VIEW,
        *PROGRESSION_VIEW,
        *GROWTH_PLAN_MANAGE,
    ),
)
CONTENT_EDITOR = Role(
    slug="content_editor",
    name="Content editor",
    description=_("Publishes campaign, vacancy and story pages."),
    staff=True,
    home_path="/admin/",
    nav_label=_("Back office"),
    permissions=(
        "wagtailadmin.access_admin",
        "cms.change_sitesettings",
        # Offer letters' words, with revisions (recruitment/backoffice/letters.py).
        "recruitment.view_offerlettertemplate",
        "recruitment.add_offerlettertemplate",
        "recruitment.change_offerlettertemplate",
    ),
    page_permissions=(
        "wagtailcore.add_page",
        "wagtailcore.change_page",
        "wagtailcore.publish_page",
        "wagtailcore.lock_page",
        "wagtailcore.unlock_page",
    ),
    collection_permissions=(
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
)
PARTNER_COORDINATOR = Role(
    slug="partner_coordinator",
    name="Partner organisation coordinator",
    description=_("From a partner council in a shared cohort: sees their own people and costs."),
    staff=True,
    home_path="/partner/",
    nav_label=_("Partner"),
)

ROLES: tuple[Role, ...] = (
    APPLICANT,
    HR_OFFICER,
    PANEL_MEMBER,
    MENTOR,
    PRACTICE_SUPERVISOR,
    COHORT_MEMBER,
    WORKFORCE_LEAD,
    CONTENT_EDITOR,
    PARTNER_COORDINATOR,
)
ROLES_BY_NAME = {role.name: role for role in ROLES}
ROLES_BY_SLUG = {role.slug: role for role in ROLES}


def roles_of(user) -> list[Role]:
    """The roles a user holds, in the order of ROLES. Cached on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = [role for role in ROLES if role.name in names]
        user._portal_roles = cached
    return cached


def forget_roles(user) -> None:
    """Drop the roles cached on ``user`` after its groups changed."""
    user.__dict__.pop("_portal_roles", None)


def has_role(user, *roles: Role) -> bool:
    held = roles_of(user)
    return any(role in held for role in roles)


def is_staff_user(user) -> bool:
    """Staff need MFA: anyone with a staff role, and Django staff or superusers."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or any(role.staff for role in roles_of(user))


def _permission(codename_path: str):
    from django.contrib.auth.models import Permission

    app_label, codename = codename_path.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_permissions_exist() -> None:
    """Permissions are made by post_migrate; a migration needs them sooner."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)


def sync_role(role: Role):
    """Create or update one role's group so it holds exactly the declared permissions."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    group, _created = Group.objects.get_or_create(name=role.name)
    group.permissions.set([_permission(p) for p in role.permissions])

    GroupPagePermission.objects.filter(group=group).delete()
    root_page = Page.get_first_root_node()
    if root_page is not None:
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page=root_page, permission=_permission(p))
            for p in role.page_permissions
        )

    GroupCollectionPermission.objects.filter(group=group).delete()
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(
                group=group, collection=root_collection, permission=_permission(p)
            )
            for p in role.collection_permissions
        )
    return group


def sync_roles() -> None:
    ensure_permissions_exist()
    for role in ROLES:
        sync_role(role)


def sync_roles_after_migrate(sender, **kwargs) -> None:
    # Only once per migrate, and only when the migration that made the
    # groups has run (a partial migrate of another app must not fail here).
    from django.contrib.auth.models import Group

    if kwargs.get("plan") == [] or not Group.objects.exists():
        return
    sync_roles()
