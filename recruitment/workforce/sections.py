"""What each part of the workforce page is made of, for the page, CSV and PDF alike.

A section module (``headcount``, ``caseloads``, ``funnel``, ``outcomes``,
``growth``) turns a ``Scope`` into a ``Section``: a few headline figures, charts
each with a one-sentence summary, and the tables of numbers behind them. The
page, the CSV export and the board report all draw from the same ``Section``,
so a figure cannot say one thing on screen and another on paper.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.components import Table, cell, link
from recruitment.workforce import rules

SMALL_TEXT = _("fewer than 5")


@dataclass(frozen=True)
class Scope:
    """What the viewer asked for and may see.

    ``area_ids`` None means every service area (the viewer sees them all);
    otherwise only those. ``team_id``, ``programme_id`` and ``campaign_id`` narrow
    the figures they apply to; a section says in its help which ones those are.
    """

    first_month: datetime.date
    last_month: datetime.date
    area_ids: frozenset[int] | None = None
    team_id: int | None = None
    programme_id: int | None = None
    campaign_id: int | None = None
    # May the viewer open the records behind a figure (HR's and the workforce lead's)?
    links_to_records: bool = False

    @property
    def months(self) -> list[datetime.date]:
        return rules.months_between(self.first_month, self.last_month)


class Small:
    """A count under 5 where it could identify a person: shown and exported as words."""

    def __str__(self):
        return str(SMALL_TEXT)


SMALL = Small()


def count_or_small(count: int | None):
    return SMALL if rules.is_small(count) else count


@dataclass(frozen=True)
class Linked:
    """A value with the address of the records behind it."""

    value: object
    href: str


@dataclass
class DataTable:
    slug: str
    caption: str
    head: list[str]
    rows: list[list]
    # Which columns hold numbers (right-aligned); the first column is the row's heading.
    numeric_from: int = 1

    def govuk(self, *, caption_size: str = "s") -> Table:
        return Table(
            head=[
                cell(title, numeric=index >= self.numeric_from)
                for index, title in enumerate(self.head)
            ],
            rows=[
                [
                    self._cell(value, numeric=index >= self.numeric_from)
                    for index, value in enumerate(row)
                ]
                for row in self.rows
            ],
            caption=self.caption,
            caption_size=caption_size,
            first_cell_is_header=True,
            id=f"table-{self.slug}",
        )

    def csv_rows(self) -> list[list[str]]:
        return [[str(title) for title in self.head]] + [
            [plain(value) for value in row] for row in self.rows
        ]

    @staticmethod
    def _cell(value, *, numeric: bool):
        if isinstance(value, Linked):
            return cell(link(value.href, shown(value.value)), numeric=numeric)
        return cell(shown(value), numeric=numeric)


def shown(value) -> str:
    """How a value reads on the page and on paper."""
    if value is None:
        return "–"
    if isinstance(value, Linked):
        return shown(value.value)
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, datetime.date):
        return f"{value:%B %Y}" if value.day == 1 else f"{value:%-d %B %Y}"
    return str(value)


def plain(value) -> str:
    """How a value reads in a CSV file: no thousands separators."""
    if isinstance(value, Linked):
        return plain(value.value)
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def percent(fraction: float | None) -> str | None:
    return None if fraction is None else f"{fraction * 100:.1f}%"


@dataclass
class Headline:
    label: str
    value: object
    hint: str = ""
    href: str = ""

    @property
    def text(self) -> str:
        return shown(self.value)

    def __html__(self):
        if self.href:
            return link(self.href, self.text)
        return format_html("{}", self.text)

    # A template turns what is not a string into one before escaping it: without this
    # ``{{ headline }}`` would print the dataclass's repr.
    __str__ = __html__


@dataclass
class Section:
    slug: str
    title: str
    summary: str
    help: str = ""
    headlines: list[Headline] = field(default_factory=list)
    charts: list = field(default_factory=list)  # charts.Chart
    tables: list[DataTable] = field(default_factory=list)
    empty: str = ""  # what to do when there is nothing to show yet

    def table(self, slug: str) -> DataTable | None:
        return next((table for table in self.tables if table.slug == slug), None)


SectionBuilder = Callable[[Scope], Section]
