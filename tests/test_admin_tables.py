"""The back office's Python-rendered table cells read exactly as Wagtail's templates do."""

import datetime
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.test.html import parse_html
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from wagtail.admin.ui import tables

from portal import admin_tables

ROWS = [
    SimpleNamespace(
        pk=1, title="Social worker <Duty>", label="Fast-tracked", flag=True, count=1200
    ),
    SimpleNamespace(pk=2, title="", label="", flag=False, count=0),
    SimpleNamespace(pk=3, title=None, label=None, flag=None, count=None),
    SimpleNamespace(
        pk=4,
        title=mark_safe("<em>safe</em>"),
        label=gettext_lazy("Rejected"),
        flag=True,
        count=7,
    ),
    SimpleNamespace(
        pk=5,
        title=timezone.make_aware(datetime.datetime(2026, 12, 3, 17, 37)),
        label="O'Brien & co",
        flag=False,
        count=datetime.date(2026, 1, 2),
    ),
]


def _wagtail_and_ours(name, *args, **kwargs):
    wagtail = getattr(tables, name)(*args, **kwargs)
    ours = getattr(admin_tables, name)(*args, **kwargs)
    return wagtail, ours


COLUMNS = [
    ("Column", ("title",), {}),
    ("Column", ("count",), {"classname": "numeric"}),
    ("Column", ("label",), {"accessor": lambda row: row.label}),
    ("StatusTagColumn", ("label",), {"primary": lambda row: row.flag}),
    ("StatusTagColumn", ("title",), {"primary": True, "classname": "tag"}),
    ("TitleColumn", ("title",), {"get_url": lambda row: f"/rows/{row.pk}/?a=1&b=2"}),
    ("TitleColumn", ("label",), {"url_name": "wagtailadmin_home", "id_accessor": "pk"}),
    (
        "TitleColumn",
        ("title",),
        {"get_url": lambda row: "/", "link_classname": "button", "classname": "wide"},
    ),
    # Options the fast path leaves to Wagtail's own template.
    ("TitleColumn", ("title",), {"get_url": lambda row: "/", "get_title_id": lambda r: "t"}),
    ("TitleColumn", ("title",), {"label_prefix": "row"}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), COLUMNS)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"row{row.pk}")
def test_a_cell_reads_as_wagtails(name, args, kwargs, row, monkeypatch):
    wagtail, ours = _wagtail_and_ours(name, *args, **kwargs)
    if kwargs.get("url_name"):
        # The home page's address takes no argument; both columns reverse the same way.
        monkeypatch.setattr(tables, "reverse", lambda name, args: f"/admin/?id={args[0]}")
        monkeypatch.setattr(admin_tables, "reverse", lambda name, args: f"/admin/?id={args[0]}")
    table = tables.Table([wagtail], [row])
    context = {"table": table, "row": next(iter(table.rows)), "request": None}
    expected = wagtail.render_cell_html(row, context)
    assert parse_html(ours.render_cell_html(row, context)) == parse_html(expected)


def test_the_table_reads_as_wagtails():
    columns = [
        tables.TitleColumn("title", get_url=lambda row: f"/rows/{row.pk}/"),
        tables.Column("count", sort_key="count"),
        tables.StatusTagColumn("label", primary=lambda row: row.flag),
        tables.BooleanColumn("flag"),  # no fast version: rendered by its own template
    ]
    ours = [
        admin_tables.TitleColumn("title", get_url=lambda row: f"/rows/{row.pk}/"),
        admin_tables.Column("count", sort_key="count"),
        admin_tables.StatusTagColumn("label", primary=lambda row: row.flag),
        tables.BooleanColumn("flag"),
    ]
    context = {"request": RequestFactory().get("/rows/")}
    expected = tables.Table(columns, ROWS, ordering="count").render_html(context)
    actual = admin_tables.RowsTable(ours, ROWS, ordering="count").render_html(context)
    assert parse_html(actual) == parse_html(expected)
    assert "Social worker &lt;Duty&gt;" in actual
