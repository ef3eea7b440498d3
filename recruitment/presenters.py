"""What an applicant reads about where they stand: the next step, with its date."""

from django.utils import formats
from django.utils.translation import gettext as _

from portal.calendar import add_working_days
from recruitment.choices import Status

SHORTLISTING_WORKING_DAYS = 10


def long_date(day) -> str:
    return formats.date_format(day, "l j F Y")


def next_step(application) -> str:
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
        start = application.submitted_at.date() if application.submitted_at else None
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


def _yes_no(value) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _date(value) -> str:
    return long_date(value) if value else ""


def summary(application, *, editable: bool, blind: bool = False, cv_url: str = "") -> list[dict]:
    """The answers as summary-list cards: [{"slug", "title", "change_url", "rows"}].

    ``blind`` leaves out name, contact details and anything that identifies the
    applicant (for reviewers before shortlisting is decided). Equality answers
    are never part of this summary.
    """
    from recruitment.sections import section_url, sections_for

    rows: dict[str, list] = {}
    if not blind:
        rows["personal-details"] = [
            (_("Name"), application.full_name),
            (_("Email address"), application.email),
            (_("Phone number"), application.phone),
            (_("Address"), f"{application.address}\n{application.postcode}".strip()),
        ]
    rows["right-to-work"] = [
        (_("Right to work in the UK"), application.get_right_to_work_display()),
        (_("Details"), application.right_to_work_detail),
    ]
    rows["how-you-applied"] = [
        (
            _("Where they heard about the job") if blind else _("Where you heard about the job"),
            " – ".join(
                x
                for x in [application.get_heard_about_display(), application.heard_about_detail]
                if x
            ),
        ),
        (_("Applying through an agency"), _yes_no(application.through_agency)),
        (_("Agency"), application.agency_name),
    ]
    rows["registration"] = [
        (_("Social Work England registration"), application.get_swe_status_display()),
        (_("Registration number"), application.swe_number),
        (_("Qualification"), application.qualification),
        (_("Awarding body"), application.awarding_body),
        (_("Date qualified"), _date(application.qualified_on)),
        (_("ASYE"), application.get_asye_status_display()),
    ]
    rows["eligibility"] = [
        (
            _("Works for the council or a partner"),
            _yes_no(application.works_for_council_or_partner),
        ),
        (
            _("Experience with children, families or vulnerable adults"),
            _yes_no(application.works_with_children_or_families),
        ),
        (_("English and maths at level 2"), _yes_no(application.has_level_2_english_maths)),
    ]
    jobs = sorted(application.employment.all(), key=lambda j: j.started_on, reverse=True)
    rows["employment"] = [
        (
            f"{job.job_title}, {job.employer}",
            f"{_date(job.started_on)} – {_date(job.ended_on) if job.ended_on else _('now')}"
            + (f"\n{_('Qualified social worker role')}" if job.is_social_work else ""),
        )
        for job in jobs
    ] + [(_("Gap explained"), text) for text in application.gap_explanations.values()]
    rows["experience"] = [
        (_("Post-qualifying experience (months)"), application.post_qualifying_months),
    ]
    rows["referees"] = [
        (
            _("Referee %(n)s") % {"n": r.position},
            (r.job_title + ", " + r.organisation)
            if blind
            else f"{r.name}\n{r.job_title}, {r.organisation}\n{r.email}"
            + (f"\n{_('Current or most recent employer')}" if r.is_current_employer else ""),
        )
        for r in application.referees.all()
    ]
    rows["statement"] = [(_("Supporting statement"), application.supporting_statement)]
    cv = getattr(application, "cv", None)
    if blind and cv:
        rows["cv"] = [(_("CV"), _("Hidden until shortlisting is decided (it names the applicant)"))]
    else:
        rows["cv"] = [(_("CV"), cv.original_name if cv else "")]
    rows["availability"] = [
        (_("Interview availability"), application.interview_availability),
        (_("Needs reasonable adjustments"), _yes_no(application.needs_adjustments)),
        (_("Adjustments"), application.adjustments),
    ]
    rows["guaranteed-interview"] = [
        (_("Guaranteed interview scheme"), _yes_no(application.guaranteed_interview)),
    ]
    rows["declaration"] = [
        (_("Declaration confirmed"), _date(application.declaration_confirmed_at)),
    ]
    cards = []
    for section in sections_for(application.route):
        if section.slug not in rows:
            continue
        cards.append(
            {
                "slug": section.slug,
                "title": section.title,
                "change_url": section_url(application, section.slug) if editable else "",
                "rows": rows[section.slug],
                "cv_url": cv_url if section.slug == "cv" and cv else "",
            }
        )
    return cards


def fast_track_clock(application, today=None) -> tuple[str, bool]:
    """('2 working days left' | 'Due today' | 'Overdue by 1 working day', breached)."""
    from django.utils import timezone
    from django.utils.translation import ngettext

    from portal.calendar import working_days_between

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
    from django.utils import timezone

    if not application.is_fast_track or not application.fast_track_due:
        return "", False
    if application.interview_offered_at is None:
        return "", False
    offered_on = timezone.localtime(application.interview_offered_at).date()
    if offered_on <= application.fast_track_due:
        return _("Offered on time"), False
    return _("Offered late"), True
