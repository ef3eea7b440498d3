"""What the cohorts pages show, as GOV.UK components (``portal.components``).

Plain functions from what the selectors return (members already described by
``cohorts.progress``) to tables, summary lists and tags; the markup of each
component stands once, in ``templates/govuk/components/``. Status colours are
decided here, by status value, so no template compares status strings.
"""

import datetime
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import caseload_rules, progress
from cohorts.models import Attendance, Cohort, Enrolment, Placement
from portal.components import Breadcrumb, Table, Tag, cell, link, numeric
from portal.templatetags.govuk import govuk_date, govuk_time, pounds

ENROLMENT_COLOURS = {Enrolment.Status.ACTIVE: "green", Enrolment.Status.PAUSED: "yellow"}
STAGE_COLOURS = {
    progress.SupervisionStage.SIGN_OFF_DUE: "orange",
    progress.SupervisionStage.CURRENT: "blue",
    progress.SupervisionStage.NOT_STARTED: "grey",
    progress.SupervisionStage.SIGNED_OFF: "green",
}
ATTENDANCE_COLOURS = {
    Attendance.Status.PRESENT: "green",
    Attendance.Status.LATE: "yellow",
    Attendance.Status.ABSENT: "red",
    Attendance.Status.EXCUSED: "grey",
}


def days(value) -> str:
    """3, or 2.5: days and hours without a needless ".0"."""
    return floatformat(value, -1)


def dates(start: datetime.date, end: datetime.date) -> str:
    return _("%(start)s to %(end)s") % {"start": govuk_date(start), "end": govuk_date(end)}


def not_applicable(words: str):
    """A dash people see, with words for screen readers instead."""
    return format_html(
        '<span class="govuk-visually-hidden">{}</span><span aria-hidden="true">–</span>', words
    )


def enrolment_tag(enrolment: Enrolment) -> Tag:
    return Tag(enrolment.get_status_display(), ENROLMENT_COLOURS.get(enrolment.status, "grey"))


def attendance_tag(attendance: Attendance) -> Tag:
    return Tag(attendance.get_status_display(), ATTENDANCE_COLOURS.get(attendance.status, ""))


# The log tables: one shape, four logs ----------------------------------------------------


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[object], object]
    numeric: bool = False


def log_table(items: Iterable, *, caption: str, columns: Sequence[Column]) -> Table:
    """A small table of entries, newest first: one row per item, one cell per column."""
    return Table(
        head=[numeric(c.heading) if c.numeric else c.heading for c in columns],
        rows=[
            [numeric(c.value(item)) if c.numeric else cell(c.value(item)) for c in columns]
            for item in items
        ],
        caption=caption,
        caption_size="s",
    )


def days_logged_table(logs) -> Table:
    return log_table(
        logs,
        caption=_("Days logged for this placement, newest first"),
        columns=[
            Column(_("Week starting"), lambda log: govuk_date(log.week_starting)),
            Column(_("Kind"), lambda log: log.get_kind_display()),
            Column(_("Days"), lambda log: days(log.days), numeric=True),
        ],
    )


def off_the_job_table(logs) -> Table:
    return log_table(
        logs,
        caption=_("Off-the-job training, newest first"),
        columns=[
            Column(_("Week starting"), lambda log: govuk_date(log.week_starting)),
            Column(_("What you did"), lambda log: log.activity),
            Column(_("Hours"), lambda log: days(log.hours), numeric=True),
        ],
    )


def attendance_table(records) -> Table:
    return log_table(
        records,
        caption=_("Attendance at taught sessions, newest first"),
        columns=[
            Column(_("Date"), lambda record: govuk_date(record.session.date)),
            Column(_("Session"), lambda record: record.session.topic),
            Column(_("Attendance"), attendance_tag),
        ],
    )


def _session_when(session) -> str:
    return format_html(
        "{}<br>{} {} {}",
        govuk_date(session.date),
        govuk_time(session.start_time),
        _("to"),
        govuk_time(session.end_time),
    )


def _session_topic(session):
    if not session.facilitator:
        return session.topic
    return format_html(
        '{}<br><span class="govuk-body-s">{}</span>',
        session.topic,
        _("With %(name)s") % {"name": session.facilitator},
    )


def _session_where(session):
    video = ""
    if session.video_link:
        video = format_html(
            '<a class="govuk-link" href="{}" rel="noopener">{}'
            '<span class="govuk-visually-hidden"> {} {}</span></a>',
            session.video_link,
            _("Join the video call"),
            _("for"),
            session.topic,
        )
    if session.place and video:
        return format_html("{}<br>{}", session.place, video)
    return video or session.place


def sessions_table(sessions) -> Table:
    return log_table(
        sessions,
        caption=_("Your next taught sessions"),
        columns=[
            Column(_("When"), _session_when),
            Column(_("Topic"), _session_topic),
            Column(_("Where"), _session_where),
        ],
    )


# Members ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberLinks:
    """Where a dashboard row leads: the member's one screen, and the records behind each
    figure (a page of their own where the viewer has one, else the one screen's section)."""

    page: str
    supervision: str = ""
    evidence: str = ""


class _RowLinks:
    """One table's links: each address reversed once, with a stand-in for the member's
    id that each row fills in (a reverse per link per row was a third of the table)."""

    STAND_IN = str(uuid.UUID(int=0))

    def __init__(self, links: MemberLinks):
        self.links = links
        self._patterns: dict[str, str] = {}

    def _url(self, name: str, member: Enrolment) -> str:
        if name not in self._patterns:
            self._patterns[name] = reverse(name, args=[self.STAND_IN])
        return self._patterns[name].replace(self.STAND_IN, str(member.public_id))

    def member(self, member: Enrolment, section: str = "") -> str:
        url = self._url(self.links.page, member)
        return f"{url}#{section}" if section else url

    def records(self, member: Enrolment, name: str, section: str) -> str:
        return self._url(name, member) if name else self.member(member, section)


MENTOR_LINKS = MemberLinks("cohorts:mentor_member")
MANAGER_LINKS = MemberLinks(
    "cohorts:supervision_learner",
    supervision="cohorts:learner_supervision",
    evidence="cohorts:learner_evidence",
)


def _member_heading(member: Enrolment, links: _RowLinks):
    name = link(links.member(member), member.member.display_name)
    if member.status != Enrolment.Status.ACTIVE:
        name = format_html("{}<br>{}", name, Tag(member.get_status_display(), "grey"))
    placement = member.current_placement
    where = (
        _("Placement: %(team)s") % {"team": placement.team.name}
        if placement
        else _("No placement now")
    )
    return format_html('{}<br><span class="govuk-body-s">{}</span>', name, where)


def _attendance(member: Enrolment):
    if member.attendance_percent is None:
        return not_applicable(_("No sessions recorded"))
    return f"{member.attendance_percent}%"


def _days_against_required(member: Enrolment):
    if not member.days_required:
        return not_applicable(_("Not needed for this programme"))
    return f"{days(member.days_counted)} / {member.days_required}"


def _caseload(member: Enrolment, links: _RowLinks):
    """The latest count against today's cap, red when over it (the breach is shown to
    the member's manager and mentor, rule C of the protected caseload)."""
    href = links.member(member, "caseload")
    count, cap = member.latest_caseload, member.caseload_cap
    if count is None:
        return link(href, _("None recorded"), hidden=_("caseload count"))
    if cap is None:
        return link(href, _("%(count)s cases") % {"count": count}, hidden=_("no cap"))
    figure = link(
        href,
        _("%(count)s of %(cap)s") % {"count": count, "cap": cap},
        hidden=_("cases against the cap"),
    )
    if caseload_rules.is_over(count, cap):
        return format_html("{}<br>{}", Tag(_("Over cap"), "red"), figure)
    return figure


def _supervision(member: Enrolment, links: _RowLinks):
    """When supervision is next due by the programme's rule, and the hours of the last
    4 weeks; overdue in red."""
    compliance = member.supervision
    if compliance is None:
        return not_applicable(_("No supervision rule"))
    href = links.records(member, links.links.supervision, "supervision")
    due = (
        _("Due %(date)s") % {"date": govuk_date(compliance.next_due)}
        if compliance.next_due
        else _("Nothing due")
    )
    hours_done = compliance.hours_last_4_weeks
    hours = ngettext(
        # The plural is chosen by a whole number: 1.5 hours are plural, as is 0.
        "%(hours)s hour in 4 weeks",
        "%(hours)s hours in 4 weeks",
        1 if hours_done == 1 else 2,
    ) % {"hours": days(hours_done)}
    figure = format_html('{}<br><span class="govuk-body-s">{}</span>', link(href, due), hours)
    if compliance.overdue:
        return format_html("{}<br>{}", Tag(_("Overdue"), "red"), figure)
    return figure


def _evidence(member: Enrolment, links: _RowLinks):
    """Pieces of evidence against the programme's required counts, and whether the
    member is behind the pace those counts set."""
    coverage = member.evidence_coverage
    if coverage is None or not coverage.kinds:
        return not_applicable(_("No evidence required"))
    need = sum(k.need for k in coverage.kinds)
    have = sum(min(k.have, k.need) for k in coverage.kinds)
    figure = link(
        links.records(member, links.links.evidence, "evidence-coverage-heading"),
        _("%(have)s of %(need)s") % {"have": have, "need": need},
        hidden=_("required pieces of evidence"),
    )
    if coverage.behind:
        return format_html("{}<br>{}", Tag(_("Behind"), "orange"), figure)
    return figure


def _next_review_cell(member: Enrolment, links: _RowLinks):
    if not member.next_review:
        return _("None")
    return link(links.member(member, "reviews"), govuk_date(member.next_review["date"]))


def _attention(member: Enrolment):
    if not member.attention:
        return Tag(_("On track"), "green")
    return format_html(
        '<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0">{}</ul>',
        format_html_join("", "<li>{}</li>", ((reason,) for reason in member.attention)),
    )


def members_table(
    members: Iterable[Enrolment], *, caption: str, links: MemberLinks = MENTOR_LINKS
) -> Table:
    """Members as described by ``progress.describe``, who needs attention first: the one
    screen's figures per member, each a link to the records behind it (``links``: the
    mentor's member pages, or the manager's)."""
    links = _RowLinks(links)
    return Table(
        head=[
            _("Member"),
            _("Caseload"),
            _("Supervision"),
            _("Evidence"),
            numeric(_("Attendance")),
            numeric(_("Days logged")),
            _("Next review"),
            _("Needs attention"),
        ],
        rows=[
            [
                _member_heading(member, links),
                _caseload(member, links),
                _supervision(member, links),
                _evidence(member, links),
                numeric(_attendance(member)),
                numeric(_days_against_required(member)),
                _next_review_cell(member, links),
                _attention(member),
            ]
            for member in members
        ],
        caption=caption,
        first_cell_is_header=True,
    )


def partner_learners_table(enrolments: Sequence[Enrolment]) -> Table:
    count = len(enrolments)
    return Table(
        head=[
            _("Learner"),
            _("Cohort"),
            _("Status"),
            _("Placement now"),
            numeric(_("Attendance")),
            numeric(_("Days logged")),
        ],
        rows=[
            [
                e.member.display_name,
                e.cohort.name,
                e.get_status_display(),
                e.current_placement.team.name if e.current_placement else _("None"),
                numeric(f"{e.attendance_percent}%" if e.attendance_percent is not None else "–"),
                numeric(
                    f"{days(e.days_counted)} / {e.days_required}"
                    if e.days_required
                    else days(e.days_counted)
                ),
            ]
            for e in enrolments
        ],
        caption=ngettext("%(people)s learner", "%(people)s learners", count) % {"people": count},
        first_cell_is_header=True,
    )


def cost_table(item: dict) -> Table:
    """One cohort's cost shares as a partner sees them (``selectors.partner_costs``)."""
    rows = [
        [
            cell(row["organisation"].name, header=True),
            numeric(row["learners"]),
            numeric(pounds(row["contribution_per_learner"])),
            numeric(pounds(row["loan_per_learner"])),
            numeric(pounds(row["organisation_total"])),
            numeric(pounds(row["loan_total"])),
        ]
        for row in item["rows"]
    ] or [[cell(_("No learners from your organisation in this cohort yet."), colspan=6)]]
    return Table(
        head=[
            _("Organisation"),
            numeric(_("Learners")),
            numeric(_("You pay per learner")),
            numeric(_("Learner's loan per learner")),
            numeric(_("Your total")),
            numeric(_("Loans total")),
        ],
        rows=rows,
        caption=_("%(cohort)s: course fee %(fee)s per learner")
        % {"cohort": item["cohort"].name, "fee": pounds(item["fee_per_learner"])},
        caption_size="s",
    )


# Placements --------------------------------------------------------------------------------


def _placement_days(placement: Placement) -> str:
    logged = days(placement.practice_days)
    if placement.skills_days:
        logged = f"{logged} + {days(placement.skills_days)} {_('skills')}"
    return f"{logged} / {placement.planned_days}"


def stage_tag(stage: str) -> Tag:
    """Where a placement stands for its supervisor (``progress.SupervisionStage``), as a tag."""
    stage = progress.SupervisionStage(stage)
    return Tag(stage.label, STAGE_COLOURS[stage])


def placements_table(placements, *, caption: str) -> Table:
    """A practice supervisor's placements (``selectors.supervised_placements``: each with its
    stage today), with days logged against days planned."""
    return Table(
        head=[_("Learner"), _("Team"), _("Dates"), numeric(_("Days logged")), _("Status")],
        rows=[
            [
                format_html(
                    '{}<br><span class="govuk-body-s">{}</span>',
                    link(
                        reverse("cohorts:supervision_placement", args=[p.public_id]),
                        p.enrolment.member.display_name,
                    ),
                    p.enrolment.cohort.name,
                ),
                p.team.name,
                dates(p.start_date, p.end_date),
                numeric(_placement_days(p)),
                stage_tag(p.stage),
            ]
            for p in placements
        ],
        caption=caption,
        caption_hidden=True,
        first_cell_is_header=True,
    )


def timeline(enrolment: Enrolment, today: datetime.date) -> list[dict]:
    """The member's placements in order, each with where it stands today."""
    items = []
    for placement in enrolment.timeline:
        if placement.is_signed_off:
            tag = Tag(_("Signed off"), "green")
        elif placement == enrolment.current_placement:
            tag = Tag(_("Now"), "blue")
        elif placement == enrolment.next_placement:
            tag = Tag(_("Next"), "light-blue")
        elif placement.end_date < today:
            tag = Tag(_("Finished"), "grey")
        else:
            tag = Tag(_("Planned"), "grey")
        items.append({"placement": placement, "tag": tag})
    return items


def placement_summary(placement: Placement) -> list[tuple]:
    """What a supervisor reads at the top of a placement's page."""
    status = placement.get_status_display()
    if placement.signed_off_at:
        status = f"{status} ({govuk_date(placement.signed_off_at)})"
    return [
        (_("Programme"), placement.enrolment.cohort.programme.name),
        (_("Dates"), dates(placement.start_date, placement.end_date)),
        (
            _("Days"),
            _(
                "%(practice)s practice days and %(skills)s skills days logged, "
                "of %(planned)s planned"
            )
            % {
                "practice": days(placement.practice_days),
                "skills": days(placement.skills_days),
                "planned": placement.planned_days,
            },
        ),
        (_("Status"), status),
    ]


# Summaries of a member's programme -----------------------------------------------------------


def _next_review(enrolment: Enrolment, *, hint: bool):
    review = enrolment.next_review
    if not review:
        return _("No more reviews")
    if not hint:
        return govuk_date(review["date"])
    words = _("The %(month)s-month review") % {"month": review["month"]}
    if review["optional"]:
        words = f"{words} {_('(optional)')}"
    return format_html(
        '{} <span class="govuk-hint govuk-!-margin-bottom-0">{}</span>',
        govuk_date(review["date"]),
        words,
    )


def _attendance_words(enrolment: Enrolment) -> str:
    if enrolment.attendance_percent is None:
        return _("No sessions recorded yet")
    return ngettext(
        "%(percent)s%% of %(sessions)s session recorded",
        "%(percent)s%% of %(sessions)s sessions recorded",
        enrolment.sessions_recorded,
    ) % {"percent": enrolment.attendance_percent, "sessions": enrolment.sessions_recorded}


def _mailto(person):
    return format_html('<a class="govuk-link" href="mailto:{}">{}</a>', person.email, person.email)


def programme_summary(enrolment: Enrolment) -> list[tuple]:
    """ "Your programme" on My training: the programme's promises, and where the member is."""
    programme = enrolment.cohort.programme
    mentor = enrolment.cohort.mentor
    next_review = _next_review(enrolment, hint=True)
    if not enrolment.next_review and programme.has_moderation_panel:
        next_review = _("No more reviews") + _(
            ": a moderation panel confirms the final recommendation"
        )
    rows = [
        (_("Programme"), programme.name),
        (_("Cohort"), enrolment.cohort.name),
        (
            _("Your mentor"),
            format_html("{}<br>{}", mentor.display_name, _mailto(mentor))
            if mentor
            else _("Not given yet"),
        ),
        (_("Status"), enrolment_tag(enrolment)),
        (_("Dates"), dates(enrolment.start_date, enrolment.expected_end_date)),
        (_("Next review"), next_review),
    ]
    if enrolment.supervision_every:
        rows.append(
            (
                _("Supervision"),
                _("You should have supervision %(every)s at this stage")
                % {"every": enrolment.supervision_every},
            )
        )
    if programme.caseload_cap:
        rows.append(
            (_("Caseload"), _("No more than %(cap)s cases") % {"cap": programme.caseload_cap})
        )
    if programme.protected_time_percent:
        rows.append(
            (
                _("Protected development time"),
                _("%(percent)s%% of your working time")
                % {"percent": programme.protected_time_percent},
            )
        )
    if programme.off_the_job_hours_per_week:
        rows.append(
            (
                _("Off-the-job training"),
                format_html(
                    '{}<br><a class="govuk-link" href="{}">{}'
                    '<span class="govuk-visually-hidden"> {}</span></a>',
                    _("You average %(average)s hours a week; you need at least %(hours)s")
                    % {
                        "average": days(enrolment.off_the_job_average),
                        "hours": days(programme.off_the_job_hours_per_week),
                    },
                    reverse("cohorts:off_the_job"),
                    _("Log hours"),
                    _("of off-the-job training"),
                ),
            )
        )
    return rows


def member_summary(enrolment: Enrolment) -> list[tuple]:
    """What a mentor reads at the top of a member's page."""
    status = enrolment.get_status_display()
    if enrolment.status_reason:
        status = f"{status}: {enrolment.status_reason}"
    return [
        (_("Status"), status),
        (
            _("Employer"),
            f"{enrolment.employer.name} ({enrolment.get_service_display()})",
        ),
        (_("Dates"), dates(enrolment.start_date, enrolment.expected_end_date)),
        (_("Next review"), _next_review(enrolment, hint=False)),
        (_("Attendance"), _attendance_words(enrolment)),
        (_("Email"), _mailto(enrolment.member)),
    ]


def cohort_summary(cohort, *, members: int) -> list[tuple]:
    """The top of a mentor's cohort page."""
    return [
        (_("Started"), govuk_date(cohort.start_date)),
        (
            _("Places"),
            ngettext(
                "%(taken)s member, %(places)s places",
                "%(taken)s members, %(places)s places",
                members,
            )
            % {"taken": members, "places": cohort.capacity},
        ),
    ]


# Ways back and pages on ---------------------------------------------------------------------


def training_breadcrumbs() -> list[Breadcrumb]:
    return [Breadcrumb(_("My training"), reverse("cohorts:my_training"))]


def mentor_breadcrumbs(cohort: Cohort | None = None) -> list[Breadcrumb]:
    """Back to the mentor's cohorts, and to ``cohort`` when the page is one of its own."""
    crumbs = [Breadcrumb(_("My cohorts"), reverse("cohorts:mentor_home"))]
    if cohort is not None:
        crumbs.append(
            Breadcrumb(cohort.name, reverse("cohorts:mentor_cohort", args=[cohort.public_id]))
        )
    return crumbs


def manager_summary(enrolment: Enrolment) -> list[tuple]:
    """The top of the manager's page about one learner: the mentor's, and who is who."""
    nobody = _("Not named yet")
    return [
        *member_summary(enrolment),
        (_("Head of service mentor"), enrolment.cohort.mentor or nobody),
        (_("Line manager"), enrolment.line_manager or nobody),
        (_("Assessor"), enrolment.assessor or nobody),
    ]


def supervision_breadcrumbs() -> list[Breadcrumb]:
    return [Breadcrumb(_("Supervision"), reverse("cohorts:supervision_home"))]
