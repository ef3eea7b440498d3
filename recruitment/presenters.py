"""How an application reads to people: the next step with its date, the answers, the clock.

Presenters turn what selectors read into words and GOV.UK components; they
neither query for more nor write.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.calendar import add_working_days, local_date, working_days_between
from portal.components import Action, Banner, SummaryCard, Table, Tag, Task, cell, link, numeric
from portal.formats import clock_time, long_date
from recruitment.choices import InterviewFormat, InterviewStatus, Status
from recruitment.sections import APPLICANT, Reader, missing_sections, sections_for

SHORTLISTING_WORKING_DAYS = 10


def next_step(application) -> str:
    """The one thing the applicant should know or do next, with its date."""
    status = application.status
    vacancy = application.vacancy
    if status == Status.DRAFT:
        if vacancy.closing_date and not vacancy.is_rolling:
            return _("Finish and submit your application by %(date)s") % {
                "date": long_date(vacancy.closing_date)
            }
        return _("Finish and submit your application")
    if status == Status.FAST_TRACKED and application.fast_track_due:
        return _("We will offer you an interview by %(date)s") % {
            "date": long_date(application.fast_track_due)
        }
    if status in (Status.SUBMITTED, Status.AWAITING_SHORTLISTING, Status.FAST_TRACKED):
        start = local_date(application.submitted_at) if application.submitted_at else None
        if vacancy.closing_date and not vacancy.is_rolling and start:
            start = max(start, vacancy.closing_date)
        if start:
            return _("We will tell you if you have been shortlisted by %(date)s") % {
                "date": long_date(add_working_days(start, SHORTLISTING_WORKING_DAYS))
            }
    return {
        Status.SHORTLISTED: _("We will contact you to arrange an interview"),
        Status.INTERVIEWING: _("Book your interview, or check the time you booked"),
        Status.OFFERED: _("Tell us whether you accept our offer"),
        Status.CONDITIONS_PENDING: _("Send us what we need for your pre-employment checks"),
    }.get(status, "")


def route_banner(application) -> Banner | None:
    """When the post's route did not fit, or HR moved the application: which route, why,
    and what happens next (``Application.route_notice``), as an "Important" banner."""
    if not application.route_notice:
        return None
    return Banner(
        heading=_("About your route"),
        html=format_html('<p class="govuk-body">{}</p>', application.route_notice),
    )


def summary(
    application,
    *,
    editable: bool,
    reader: Reader = APPLICANT,
    cv_url: str = "",
    empty: str = "",
) -> list[SummaryCard]:
    """The answers as summary cards, one per section, with a change link when ``editable``.

    ``reader`` decides what is left out (``sections.Reader``): for a blind
    reviewer or a panel member, whatever names the applicant; for a panel
    member, disclosures too. Equality answers are never part of this summary.
    An answer not given reads ``empty`` ("Not given" unless said otherwise).
    """
    empty = empty or _("Not given")
    has_cv = getattr(application, "cv", None) is not None
    cards = []
    for section in sections_for(application.route):
        if not section.shown_to(reader):
            continue
        rows = [
            (key, _answer(value, empty, cv_url if section.slug == "cv" and has_cv else ""))
            for key, value in section.answers(application, reader)
        ] or [(_("Answers"), empty)]
        actions = (
            [Action(section.url(application), _("Change"), str(section.title).lower())]
            if editable
            else []
        )
        cards.append(SummaryCard(title=section.title, rows=rows, actions=actions))
    return cards


def _answer(value, empty: str, href: str = ""):
    if href:
        return link(href, value)
    if value or value == 0:
        return value
    return empty


def task_list(application) -> list[tuple[str, list[Task]]]:
    """The draft's sections by group, each with its status, for the GOV.UK task list."""
    done = set(application.completed_sections)
    groups: dict[str, list[Task]] = {}
    for section in sections_for(application.route):
        if section.slug in done:
            status = _("Completed")
        elif section.optional:
            status = Tag(_("Optional"), "grey")
        else:
            status = Tag(_("Incomplete"), "blue")
        groups.setdefault(section.group, []).append(
            Task(section.title, section.url(application), status, id=section.slug)
        )
    return list(groups.items())


def submit_task(application, check_url: str) -> Task:
    if missing_sections(application):
        return Task(
            _("Check your answers and submit"),
            status=_("Cannot start yet"),
            id="check",
            cannot_start_yet=True,
        )
    return Task(
        _("Check your answers and submit"), check_url, Tag(_("Not yet started"), "blue"), id="check"
    )


def fast_track_clock(application, today=None) -> tuple[str, bool]:
    """('2 working days left' | 'Due today' | 'Overdue by 1 working day', breached)."""
    if application.status != Status.FAST_TRACKED or not application.fast_track_due:
        return "", False
    today = today or timezone.localdate()
    left = working_days_between(today, application.fast_track_due)
    if application.fast_track_due < today:
        overdue = max(1, -left)
        return (
            ngettext("Overdue by %(n)s working day", "Overdue by %(n)s working days", overdue)
            % {"n": overdue},
            True,
        )
    if left == 0:
        return _("Due today"), False
    return ngettext("%(n)s working day left", "%(n)s working days left", left) % {"n": left}, False


def fast_track_offer(application) -> tuple[str, bool]:
    """Once a fast-track interview is offered: ('Offered on time' | 'Offered late', late)."""
    if not application.is_fast_track or not application.fast_track_due:
        return "", False
    if application.interview_offered_at is None:
        return "", False
    if local_date(application.interview_offered_at) <= application.fast_track_due:
        return _("Offered on time"), False
    return _("Offered late"), True


def scorecard_grids(interviews, criteria: list[dict]) -> list[dict]:
    """Each interview with its submitted scorecards side by side: criteria down, panel across."""
    names = [c["criterion"] for c in criteria]
    rows = []
    for interview in interviews:
        cards = [card for card in interview.scorecards.all() if card.submitted_at]
        grid = [
            (name, [card.scores[i] if i < len(card.scores) else {} for card in cards])
            for i, name in enumerate(names)
        ]
        rows.append({"interview": interview, "cards": cards, "grid": grid})
    return rows


# Tables and summary lists for the applicant's and the panel's pages ------------------------


def applications_table(rows) -> Table:
    """ "Your applications": each job, its status in the applicant's words, the next step."""
    return Table(
        caption=_("Your applications, with their status and next step"),
        caption_hidden=True,
        head=[_("Job"), _("Status"), _("Next step")],
        rows=[
            [
                link(
                    reverse("recruitment:application", args=[application.pk]),
                    application.vacancy.title,
                ),
                Tag(application.applicant_status, application.status_colour),
                step,
            ]
            for application, step in rows
        ],
    )


def status_rows(application) -> list:
    return [
        (_("Status"), Tag(application.applicant_status, application.status_colour)),
        (_("Reference"), application.reference),
        (_("Submitted"), long_date(application.submitted_at)),
        (_("Route"), application.get_route_display()),
    ]


def _where(slot) -> object:
    if slot.format == InterviewFormat.VIDEO:
        return link(slot.video_link, slot.video_link)
    return slot.where


def booked_interview_rows(interview) -> list:
    """The applicant's booked interview: date, time, how, where, and why it changed."""
    slot = interview.slot
    rows = [
        (_("Date"), long_date(slot.start)),
        (
            _("Time"),
            _("%(start)s to %(end)s")
            % {"start": clock_time(slot.start), "end": clock_time(slot.end)},
        ),
        (_("How"), slot.get_format_display()),
        (_("Where"), _where(slot)),
    ]
    if interview.change_reason:
        rows.append((_("Why it changed"), interview.change_reason))
    return rows


def adjustments_for_panel(application) -> str:
    """The panel learns only that adjustments are needed; HR know (and arrange) the detail."""
    if application.needs_adjustments:
        return _("Yes. HR are arranging them with the applicant.")
    return _("None asked for")


def _panel_where(slot) -> str:
    if slot.format == InterviewFormat.PHONE:
        return slot.get_format_display()
    return f"{slot.get_format_display()}: {slot.where}"


def panel_interview_rows(interview) -> list:
    slot = interview.slot
    return [
        (
            _("When"),
            f"{long_date(slot.start)}, {clock_time(slot.start)} – {clock_time(slot.end)}",
        ),
        (_("Where"), _panel_where(slot)),
        (_("Reasonable adjustments"), adjustments_for_panel(interview.application)),
    ]


def panel_name(application) -> str:
    """How the panel calls the applicant: their name once shortlisting is no longer blind."""
    if application.is_blind:
        return application.reference
    return application.full_name or application.reference


def panel_interviews_table(rows, *, table_id: str) -> Table:
    """A panel member's interviews, with what is left for them to do on each."""

    def scorecard(row):
        if row.status == InterviewStatus.NO_SHOW:
            return Tag(_("Did not attend"), "grey")
        if row.scored:
            return Tag(_("Submitted"), "green")
        return link(
            reverse("recruitment:scorecard", args=[row.pk]),
            _("Score"),
            hidden=panel_name(row.application),
        )

    return Table(
        id=table_id,
        head=[
            _("When"),
            _("Applicant"),
            _("Vacancy"),
            _("Where"),
            _("Reasonable adjustments"),
            _("Scorecard"),
        ],
        rows=[
            [
                f"{long_date(row.slot.start)}\n{clock_time(row.slot.start)} – "
                f"{clock_time(row.slot.end)}",
                link(
                    reverse("recruitment:panel_interview", args=[row.pk]),
                    panel_name(row.application),
                ),
                row.application.vacancy.title,
                _panel_where(row.slot),
                adjustments_for_panel(row.application),
                scorecard(row),
            ]
            for row in rows
        ],
    )


def scorecard_table(card) -> Table:
    total = _("Recommendation: %(recommendation)s") % {
        "recommendation": card.get_recommendation_display()
    }
    if card.notes:
        total = f"{total}\n{card.notes}"
    return Table(
        head=[_("Criterion"), numeric(_("Score")), _("Evidence")],
        rows=[
            *[[row["criterion"], numeric(row["score"]), row["evidence"]] for row in card.scores],
            [cell(_("Total"), header=True), numeric(card.total), total],
        ],
    )


def job_cards(application) -> list[SummaryCard]:
    """Each job in the employment history, newest first, with its change and remove links."""
    cards = []
    for job in sorted(application.employment.all(), key=lambda j: j.started_on, reverse=True):
        name = f"{job.job_title}, {job.employer}"
        until = long_date(job.ended_on) if job.ended_on else _("now")
        cards.append(
            SummaryCard(
                title=name,
                actions=[
                    Action(
                        reverse("recruitment:employment_change", args=[application.pk, job.pk]),
                        _("Change"),
                        name,
                    ),
                    Action(
                        reverse("recruitment:employment_remove", args=[application.pk, job.pk]),
                        _("Remove"),
                        name,
                    ),
                ],
                rows=[
                    (
                        _("Dates"),
                        _("%(start)s to %(end)s")
                        % {"start": long_date(job.started_on), "end": until},
                    ),
                    (
                        _("Qualified social worker role"),
                        _("Yes") if job.is_social_work else _("No"),
                    ),
                ],
            )
        )
    return cards


# Offers -----------------------------------------------------------------------------


def offer_rows(offer) -> list:
    """The applicant's offer: the post and its terms, and the deadline."""
    hours = offer.get_hours_display()
    if offer.weekly_hours:
        hours = _("%(hours)s, %(weekly)s hours a week") % {
            "hours": hours,
            "weekly": f"{offer.weekly_hours:g}",
        }
    rows = [
        (_("Status"), Tag(offer.get_state_display(), OFFER_COLOURS.get(offer.state, "grey"))),
        (_("Post"), offer.job_title),
        (_("Team"), offer.team.name),
        (_("Grade and salary point"), offer.salary_point),
        (_("Hours"), hours),
        (_("Contract"), offer.get_employment_type_display()),
        (_("Proposed start date"), long_date(offer.proposed_start_date)),
    ]
    if offer.cohort:
        rows.append(
            (
                _("Cohort"),
                f"{offer.cohort.name} ({_('starts')} {long_date(offer.cohort.start_date)})",
            )
        )
    rows.append((_("Answer by"), long_date(offer.response_deadline)))
    return rows


OFFER_COLOURS = {
    "sent": "blue",
    "accepted": "yellow",
    "unconditional": "green",
    "declined": "grey",
    "lapsed": "grey",
    "withdrawn": "red",
}


def offer_outcome(offer, *, today) -> str:
    """What the applicant reads about an offer they can no longer answer ("" while they can)."""
    if offer.state == "sent" and offer.response_deadline and today > offer.response_deadline:
        return _("The deadline to answer this offer has passed.")
    return {
        "accepted": _("You accepted this offer. We are doing your pre-employment checks."),
        "unconditional": _("Your checks are complete: you have the job."),
        "declined": _("You declined this offer."),
        "lapsed": _("You did not answer this offer by the deadline, so it was declined."),
        "withdrawn": _("We withdrew this offer."),
    }.get(offer.state, "")
