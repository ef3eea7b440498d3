"""GOV.UK Design System components as plain data, rendered by one template each.

The shapes follow the GOV.UK Frontend macros' parameters (``govukTable``,
``govukSummaryList``, ``govukTaskList``, ``govukTag``,
``govukNotificationBanner``, ``govukBreadcrumbs``, ``govukPagination``): a presenter builds the data, the page says
``{% govuk_table table %}``, and the markup exists once, in
``templates/govuk/components/``. Text is escaped (new lines become line
breaks); ``html`` is trusted markup that the presenter made with
``format_html``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.http import urlencode


@dataclass(frozen=True)
class Tag:
    text: str
    colour: str = ""

    @property
    def css(self) -> str:
        return f"govuk-tag govuk-tag--{self.colour}" if self.colour else "govuk-tag"

    def __html__(self) -> str:
        return format_html('<strong class="{}">{}</strong>', self.css, self.text)

    def __str__(self) -> str:
        return self.__html__()


@dataclass(frozen=True)
class Cell:
    text: object = ""
    html: object = ""
    numeric: bool = False
    header: bool = False
    colspan: int = 1


def cell(value=None, *, numeric: bool = False, header: bool = False, colspan: int = 1) -> Cell:
    """A table cell: plain text, or markup (a Tag, a link, anything with ``__html__``)."""
    if isinstance(value, Cell):
        return value
    value = "" if value is None else value
    if hasattr(value, "__html__"):
        return Cell(html=value, numeric=numeric, header=header, colspan=colspan)
    return Cell(text=value, numeric=numeric, header=header, colspan=colspan)


def numeric(value) -> Cell:
    return cell(value, numeric=True)


def link(href: str, text, *, hidden: str = "") -> str:
    """A GOV.UK link; ``hidden`` is extra text for screen readers ("Change *name*")."""
    if hidden:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
            href,
            text,
            hidden,
        )
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


@dataclass
class Table:
    head: list
    rows: list
    caption: str = ""
    caption_size: str = "m"
    # A caption for screen readers only, when the page's heading already says it.
    caption_hidden: bool = False
    # The first cell of each row is the row's heading (a name, a date).
    first_cell_is_header: bool = False
    id: str = ""

    def __post_init__(self):
        self.head = [cell(h) for h in self.head]
        self.rows = [[cell(c) for c in row] for row in self.rows]


@dataclass(frozen=True)
class Action:
    href: str
    text: str
    hidden: str = ""


@dataclass
class SummaryRow:
    key: object
    value: object = ""
    actions: list = field(default_factory=list)

    def __post_init__(self):
        self.value = cell(self.value)


def summary_rows(pairs: Iterable) -> list[SummaryRow]:
    """(key, value) or (key, value, [Action…]) tuples as summary-list rows."""
    rows = []
    for pair in pairs:
        rows.append(pair if isinstance(pair, SummaryRow) else SummaryRow(*pair))
    return rows


@dataclass
class SummaryCard:
    title: str
    rows: list
    actions: list = field(default_factory=list)

    def __post_init__(self):
        self.rows = summary_rows(self.rows)


@dataclass(frozen=True)
class Task:
    title: str
    href: str = ""
    status: object = ""
    hint: str = ""
    id: str = ""
    cannot_start_yet: bool = False

    @property
    def status_cell(self) -> Cell:
        return cell(self.status)


@dataclass(frozen=True)
class Banner:
    heading: object
    title: str = ""
    success: bool = False
    html: object = ""


@dataclass(frozen=True)
class Breadcrumb:
    """One step of a page's breadcrumbs; the current page, if shown, has no ``href``."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class PageLink:
    number: int | None = None
    href: str = ""
    current: bool = False

    @property
    def is_ellipsis(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class Pagination:
    """The GOV.UK pagination component's data: previous, numbered pages (gaps elided), next."""

    previous: str
    next: str
    pages: list


def pagination(page_obj, query: str) -> Pagination | None:
    """Links to the other pages of a list, keeping its filters and sort (``query``)."""
    if not page_obj.has_other_pages():
        return None

    def href(number: int) -> str:
        return "?" + "&".join(part for part in (query, urlencode({"page": number})) if part)

    paginator = page_obj.paginator
    return Pagination(
        previous=href(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        next=href(page_obj.next_page_number()) if page_obj.has_next() else "",
        pages=[
            PageLink()
            if number == paginator.ELLIPSIS
            else PageLink(number, href(number), number == page_obj.number)
            for number in paginator.get_elided_page_range(
                page_obj.number, on_each_side=1, on_ends=1
            )
        ],
    )
