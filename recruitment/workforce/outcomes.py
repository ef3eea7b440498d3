"""The workforce page's "Cohort outcomes" section: completion, pass and withdrawal by
programme and intake, and how many are still with the council 12 and 24 months on."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cohorts.models import Enrolment
from recruitment.workforce import charts, outcome_selectors, rules
from recruitment.workforce.sections import (
    DataTable,
    Headline,
    Linked,
    Scope,
    Section,
    count_or_small,
    percent,
)

SLUG = "outcomes"
TITLE = _("Cohort outcomes")

HELP = _(
    "Intakes are the cohorts that started in the period or in the three years before "
    "it, so that intakes which have finished show; the programme filter narrows them. "
    "Every learner counts for the outcomes, partner organisations' included: completed "
    "(passed), did not pass, withdrawn, and still on the programme. The completion, pass "
    "and withdrawal rates are of the learners who have left the programme (completed, "
    "did not pass or withdrew); the pass rate leaves out those who withdrew.\n"
    "Retention counts the council's own learners only (partners' learners go back to "
    "their employers): of those who completed and finished at least 12 (or 24) months "
    "before the end of the period, how many had a staff record (not an agency one) on "
    "the day 12 (or 24) months after their finish date, the day their enrolment was "
    "marked completed. Someone who left and came back counts if they were back by that "
    "day. “–” means not yet due, or nothing to divide by.\n"
    "Any count under 5 shows as “fewer than 5”, and a rate worked out from such a count "
    "as “–”. The service area and team filters do not apply: cohorts span them."
)


def build(scope: Scope) -> Section:
    intakes = outcome_selectors.intakes(scope)
    section = Section(
        slug=SLUG,
        title=str(TITLE),
        summary="",
        help=str(HELP),
        empty=str(_("No cohort started in this period or the three years before it.")),
    )
    if not intakes:
        return section
    admin = _enrolments_admin(scope)
    enrolled = sum(intake.enrolled for intake in intakes)
    completed = sum(intake.completed for intake in intakes)
    finished = sum(intake.finished for intake in intakes)
    due = {months: sum(i.retention[months][0] for i in intakes) for months in (12, 24)}
    kept = {months: sum(i.retention[months][1] for i in intakes) for months in (12, 24)}

    section.summary = str(
        _("{intakes} intakes, {enrolled} learners, {completed} completed.").format(
            intakes=len(intakes), enrolled=f"{enrolled:,}", completed=f"{completed:,}"
        )
    )
    section.headlines = [
        Headline(str(_("Learners enrolled")), enrolled),
        Headline(
            str(_("Completion rate")),
            percent(rules.rate(completed, finished)),
            hint=str(_("of the {finished} who have left the programme")).format(
                finished=f"{finished:,}"
            ),
        ),
        *(
            Headline(
                str(_("Still with the council {months} months after finishing")).format(
                    months=months
                ),
                percent(rules.rate(kept[months], due[months])),
                hint=str(_("{kept} of {due} due")).format(
                    kept=count_or_small(kept[months]), due=count_or_small(due[months])
                ),
            )
            for months in (12, 24)
        ),
    ]
    outcomes_table = _outcomes_table(intakes, admin)
    retention_table = _retention_table(intakes, admin)
    section.tables = [outcomes_table, retention_table]
    labels = [f"{intake.name} ({intake.start_date:%b %Y})" for intake in intakes]
    rates = [_rates(intake) for intake in intakes]
    section.charts = [
        charts.bars(
            labels=labels,
            series={
                str(_("Completed")): [rate[0] for rate in rates],
                str(_("Passed")): [rate[1] for rate in rates],
                str(_("Withdrew")): [rate[2] for rate in rates],
            },
            summary=str(
                _(
                    "Of the {finished} learners who have left their programme, "
                    "{completed} completed it."
                ).format(finished=f"{finished:,}", completed=f"{completed:,}")
            ),
            table_id=f"table-{outcomes_table.slug}",
            percent=True,
        ),
        charts.bars(
            labels=labels,
            series={
                str(_("12 months on")): [_retention_rate(i, 12) for i in intakes],
                str(_("24 months on")): [_retention_rate(i, 24) for i in intakes],
            },
            summary=str(
                _(
                    "{kept12} of {due12} completers due were with the council 12 months "
                    "after finishing, and {kept24} of {due24} after 24 months."
                ).format(
                    kept12=count_or_small(kept[12]),
                    due12=count_or_small(due[12]),
                    kept24=count_or_small(kept[24]),
                    due24=count_or_small(due[24]),
                )
            ),
            table_id=f"table-{retention_table.slug}",
            percent=True,
        ),
    ]
    return section


def _enrolments_admin(scope: Scope):
    """The back office's list of a cohort's enrolments (with a status), or no link."""
    if not scope.links_to_records:
        return lambda filters: ""
    base = reverse("cohorts_enrolment:index")
    return lambda filters: f"{base}?{urlencode(filters)}"


def _shown_rate(part: int, whole: int) -> float | None:
    """A rate, or nothing where either count is under 5 (it would give the count away)."""
    if rules.is_small(part) or rules.is_small(whole):
        return None
    return rules.rate(part, whole)


def _rates(intake) -> tuple:
    return (
        _shown_rate(intake.completed, intake.finished),
        _shown_rate(intake.completed, intake.completed + intake.failed),
        _shown_rate(intake.withdrawn, intake.finished),
    )


def _retention_rate(intake, months: int) -> float | None:
    due, kept = intake.retention[months]
    return _shown_rate(kept, due)


def _linked(count: int, href: str):
    shown = count_or_small(count)
    return Linked(shown, href) if href and count else shown


def _outcomes_table(intakes, admin) -> DataTable:
    rows = []
    for intake in intakes:
        link = {"cohort": intake.cohort_id}
        completion, passed, withdrawal = _rates(intake)
        rows.append(
            [
                intake.name,
                intake.programme,
                intake.start_date,
                _linked(intake.enrolled, admin(link)),
                count_or_small(intake.continuing),
                _linked(intake.completed, admin({**link, "status": Enrolment.Status.COMPLETED})),
                _linked(intake.failed, admin({**link, "status": Enrolment.Status.FAILED})),
                _linked(intake.withdrawn, admin({**link, "status": Enrolment.Status.WITHDRAWN})),
                percent(completion),
                percent(passed),
                percent(withdrawal),
            ]
        )
    return DataTable(
        slug="outcomes",
        caption=str(_("Outcomes by programme and intake")),
        head=[
            str(_("Intake")),
            str(_("Programme")),
            str(_("Started")),
            str(_("Enrolled")),
            str(_("Still on the programme")),
            str(_("Completed")),
            str(_("Did not pass")),
            str(_("Withdrew")),
            str(_("Completion rate")),
            str(_("Pass rate")),
            str(_("Withdrawal rate")),
        ],
        rows=rows,
        numeric_from=3,
    )


def _retention_table(intakes, admin) -> DataTable:
    rows = []
    for intake in intakes:
        row = [
            intake.name,
            intake.programme,
            _linked(
                intake.council_completed,
                admin({"cohort": intake.cohort_id, "status": Enrolment.Status.COMPLETED}),
            ),
        ]
        for months in (12, 24):
            due, kept = intake.retention[months]
            if not due:
                row += [None, None, None]  # not yet due
                continue
            rate = _retention_rate(intake, months)
            row += [count_or_small(due), count_or_small(kept), percent(rate)]
        rows.append(row)
    return DataTable(
        slug="retention",
        caption=str(_("The council's own completers still with the council")),
        head=[
            str(_("Intake")),
            str(_("Programme")),
            str(_("Completed (the council's own)")),
            str(_("Due at 12 months")),
            str(_("With the council at 12 months")),
            str(_("Rate at 12 months")),
            str(_("Due at 24 months")),
            str(_("With the council at 24 months")),
            str(_("Rate at 24 months")),
        ],
        rows=rows,
        numeric_from=2,
    )
