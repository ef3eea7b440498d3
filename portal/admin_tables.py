"""Wagtail's listing table with its cells rendered in Python, for long back-office lists.

Wagtail renders every cell through a template and a ``{% component %}`` tag. On
HR's application list (fifty rows of nine columns) that was a third of the page's
CPU. ``RowsTable`` renders each row in Python instead, and the columns here build
the same markup as Wagtail's cell templates (``tests/test_admin_tables.py``
compares them, so an upgrade that changes a template shows). Any other Wagtail
column still renders through its own template inside a ``RowsTable``.
"""

from html import escape

from django.contrib.admin.utils import quote
from django.forms.utils import flatatt
from django.template import Context
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from wagtail.admin.ui import tables
from wagtail.coreutils import multigetattr

# How a template prints a value: local time, localised, escaped.
_TEMPLATE_CONTEXT = Context(autoescape=True)


def _text(value) -> str:
    if value is None:
        return ""
    if type(value) is str:  # the common case, without the template machinery
        return escape(value)
    return render_value_in_context(value, _TEMPLATE_CONTEXT)


def _class(names) -> str:
    names = " ".join(name for name in names if name)
    return f' class="{escape(names)}"' if names else ""


def _cell_value(column, instance):
    """The value Wagtail's ``Column.get_cell_context_data`` gives its template."""
    value = column.get_value(instance)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # unlocalised, as Wagtail does
    if not str(value).strip():
        return column.empty_value_display
    return value


class _CellInPython:
    """A column whose cell is one string built here (``cell_html``), not a template."""

    @cached_property
    def td(self) -> str:
        return f"<td{_class([self.classname])}>"

    def render_cell_html(self, instance, parent_context):
        return mark_safe(self.cell_html(instance))  # noqa: S308 -- built from escaped parts


class Column(_CellInPython, tables.Column):
    def cell_html(self, instance) -> str:
        return f"{self.td}{_text(_cell_value(self, instance))}</td>"


class StatusTagColumn(_CellInPython, tables.StatusTagColumn):
    def cell_html(self, instance) -> str:
        label = _cell_value(self, instance)
        span = (
            '<span class="w-status w-status--primary">'
            if self.get_primary(instance)
            else ('<span class="w-status">')
        )
        return f"{self.td}{span}{_text(label) if label else ''}</span></td>"


class TitleColumn(_CellInPython, tables.TitleColumn):
    """A title linked by ``url_name`` or ``get_url``; the other options render as Wagtail's."""

    @cached_property
    def td(self) -> str:
        return f'<td{_class([self.classname, "title"])}><div class="title-wrapper">'

    @cached_property
    def renders_here(self) -> bool:
        return bool(
            (self.url_name or self._get_url_func)
            and not (self._get_title_id_func or self._get_label_id_func or self.label_prefix)
        )

    def cell_html(self, instance) -> str:
        if self._get_url_func:
            url = self._get_url_func(instance)
        else:
            url = reverse(self.url_name, args=(quote(multigetattr(instance, self.id_accessor)),))
        attrs = self.get_link_attrs(instance, {})
        attrs["href"] = url
        if self.link_classname is not None:
            attrs["class"] = self.link_classname
        link = flatatt({k: v for k, v in attrs.items() if v is not False})
        value = _cell_value(self, instance)
        # Wagtail's title template prints None as "None" (its other cells print nothing).
        text = "None" if value is None else _text(value)
        return f"{self.td}<a{link}>{text}</a></div></td>"

    def render_cell_html(self, instance, parent_context):
        if not self.renders_here:
            return tables.TitleColumn.render_cell_html(self, instance, parent_context)
        return super().render_cell_html(instance, parent_context)


class RowsTable(tables.Table):
    """Wagtail's table, its rows rendered in Python (``render_rows``) not a tag a cell."""

    template_name = "portal/admin/rows_table.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows_html"] = self.render_rows(parent_context)
        return context

    def render_rows(self, parent_context):
        request = parent_context.get("request")
        columns = list(self.columns.values())
        rows = []
        for row in self.rows:
            cell_context = {"table": self, "row": row, "request": request}
            cells = "".join(
                column.render_cell_html(row.instance, cell_context) for column in columns
            )
            rows.append(f"<tr{flatatt(row.attrs)}>{cells}</tr>")
        return mark_safe("".join(rows))  # noqa: S308 -- every cell is escaped where it is built
