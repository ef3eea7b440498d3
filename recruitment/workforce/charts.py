"""Charts drawn on the server as SVG with pygal, for the page and the board report.

A chart is an image whose alternative text is its one-sentence summary; its
numbers are in the table beside it. It is embedded as a data address, so it
carries no script and needs nothing from the content security policy, and
WeasyPrint draws the same file in the PDF.
"""

import base64
from dataclasses import dataclass
from functools import lru_cache

import pygal
from django.utils.html import format_html
from pygal.style import Style

# The council's palette, dark enough on white for WCAG's 3:1 for graphics.
COLOURS = ("#1d4f91", "#b35900", "#00703c", "#6f2c91", "#a4161a", "#505a5f")
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=COLOURS,
    font_family="Arial, Helvetica, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
)
OPTIONS = {
    "style": STYLE,
    "js": [],  # no scripts: the chart is a picture, its table is the text
    "disable_xml_declaration": True,
    "width": 720,
    "height": 320,
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 3,
    "show_y_guides": True,
    "truncate_label": -1,
    "print_values": False,
}


@dataclass(frozen=True)
class Chart:
    # What pygal draws from (see ``_draw``): drawn when first shown, so the
    # workforce home page, which shows no chart, draws none.
    drawing: tuple
    summary: str
    # The table on the page that holds this chart's numbers.
    table_id: str = ""

    @property
    def svg(self) -> str:
        return _draw(*self.drawing)

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    def __html__(self) -> str:
        return format_html(
            '<img class="portal-chart" src="{}" alt="{}" width="720" height="320">',
            self.data_uri,
            self.summary,
        )

    # A template turns what is not a string into one before escaping it: without this
    # ``{{ chart }}`` would print the dataclass's repr, SVG source and all.
    __str__ = __html__


Series = tuple[tuple[str, tuple[float | None, ...]], ...]


def _freeze(series: dict[str, list]) -> Series:
    return tuple((str(name), tuple(values)) for name, values in series.items())


def line(
    *,
    labels: list[str],
    series: dict[str, list],
    summary: str,
    table_id: str = "",
    y_title: str = "",
    percent: bool = False,
) -> Chart:
    return Chart(("line", tuple(labels), _freeze(series), y_title, percent), summary, table_id)


def bars(
    *,
    labels: list[str],
    series: dict[str, list],
    summary: str,
    table_id: str = "",
    y_title: str = "",
    stacked: bool = False,
    horizontal: bool = False,
    percent: bool = False,
) -> Chart:
    kind = ("hstacked" if stacked else "hbar") if horizontal else ("stacked" if stacked else "bar")
    return Chart((kind, tuple(labels), _freeze(series), y_title, percent), summary, table_id)


KINDS = {
    "line": pygal.Line,
    "bar": pygal.Bar,
    "stacked": pygal.StackedBar,
    "hbar": pygal.HorizontalBar,
    "hstacked": pygal.HorizontalStackedBar,
}


@lru_cache(maxsize=256)
def _draw(kind: str, labels: tuple, series: Series, y_title: str, percent: bool) -> str:
    """The SVG markup; the same numbers draw the same chart, so it is kept."""
    chart = KINDS[kind](
        **OPTIONS,
        y_title=y_title or None,
        x_label_rotation=30 if len(labels) > 8 else 0,
        show_minor_x_labels=len(labels) <= 13,
        x_labels_major_every=max(1, len(labels) // 12),
        value_formatter=(lambda value: f"{value:.0%}")
        if percent
        else (lambda value: f"{value:,.0f}"),
        show_legend=len(series) > 1,
        dots_size=2,
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    chart.add_xml_filter(_picture_only)
    return chart.render(is_unicode=True)


# What only pygal's tooltip script reads: each value's ``desc`` elements and the
# script that holds its configuration. The chart is an image with no script, so
# they change nothing drawn; they were most of its elements, and WeasyPrint read
# every one of them in the board report.
SCRIPT_ONLY = frozenset({"desc", "script"})


def _picture_only(root):
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in SCRIPT_ONLY:
                parent.remove(child)
    return root
