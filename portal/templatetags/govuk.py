"""Template helpers for GOV.UK Design System markup. Loaded everywhere as a builtin."""

from django import forms, template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape

from portal.components import Banner, Breadcrumb, SummaryCard, Table, Tag, summary_rows
from portal.formats import clock_time, long_date

register = template.Library()

CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def cell_content(c):
    """A Cell's markup, or its text with its line breaks kept (escaped either way).

    A filter rather than an included template: a table renders one per cell, and an
    include per cell was most of a long table's rendering time."""
    if c.html:
        return conditional_escape(c.html)
    return linebreaksbr(c.text, autoescape=True)


@register.filter
def govuk_kind(bound_field) -> str:
    """Which GOV.UK component renders this field."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    # CheckboxSelectMultiple is a RadioSelect to Django: ask about it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.MultiWidget):
        return "date"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


INPUT_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


def describedby(bound_field) -> str:
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def govuk_widget(bound_field, extra_class=""):
    kind = govuk_kind(bound_field)
    css = [
        INPUT_CLASSES.get(kind, ""),
        extra_class,
        bound_field.field.widget.attrs.get("class", ""),
    ]
    if bound_field.errors and kind in INPUT_CLASSES:
        css.append(f"{INPUT_CLASSES[kind]}--error")
    attrs = {"class": " ".join(c for c in css if c)}
    if describedby(bound_field):
        attrs["aria-describedby"] = describedby(bound_field)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def govuk_describedby(bound_field) -> str:
    return describedby(bound_field)


@register.filter
def error_anchor(bound_field) -> str:
    """Where an error summary link should take the keyboard."""
    kind = govuk_kind(bound_field)
    if kind in ("radios", "checkboxes"):
        return f"{bound_field.auto_id}_0"
    if kind == "date":
        return f"{bound_field.auto_id}_day"
    return bound_field.auto_id


@register.inclusion_tag("govuk/forms/error_summary.html")
def govuk_error_summary(*forms_):
    errors = []
    for form in forms_:
        if not form or not form.errors:
            continue
        for message in form.non_field_errors():
            errors.append({"anchor": "", "message": message})
        for bound_field in form:
            for message in bound_field.errors:
                errors.append({"anchor": error_anchor(bound_field), "message": message})
    return {"errors": errors}


@register.filter
def govuk_date(value) -> str:
    """'Tuesday 3 March 2026', the GOV.UK style."""
    return long_date(value)


@register.filter
def govuk_time(value) -> str:
    """'2:30pm', '9am', 'midday', 'midnight'."""
    return clock_time(value)


@register.filter
def pounds(value) -> str:
    if value in (None, ""):
        return ""
    return f"£{int(value):,}"


@register.simple_tag
def govuk_tag(text, colour=""):
    return Tag(text, colour).__html__()


# Components (portal.components): the markup of each stands once, in
# templates/govuk/components/.


@register.inclusion_tag("govuk/components/table.html")
def govuk_table(table: Table):
    return {"table": table}


@register.inclusion_tag("govuk/components/summary_list.html")
def govuk_summary_list(rows, no_border=False):
    rows = summary_rows(rows)
    return {"rows": rows, "no_border": no_border, "any_actions": any(r.actions for r in rows)}


@register.inclusion_tag("govuk/components/summary_card.html")
def govuk_summary_card(card: SummaryCard):
    return {"card": card, "any_actions": any(r.actions for r in card.rows)}


@register.inclusion_tag("govuk/components/task_list.html")
def govuk_task_list(tasks, id=""):
    return {"tasks": tasks, "id": id}


@register.inclusion_tag("govuk/components/notification_banner.html")
def govuk_notification_banner(banner, number=1):
    """A Banner, or a message from Django's messages framework (success or important)."""
    if not isinstance(banner, Banner):
        banner = Banner(heading=str(banner), success=getattr(banner, "level_tag", "") == "success")
    return {"banner": banner, "banner_id": f"notification-{number}"}


@register.inclusion_tag("govuk/components/breadcrumbs.html")
def govuk_breadcrumbs(items, collapse_on_mobile=False):
    """Breadcrumbs from Breadcrumb items, or (text, href) pairs, the way back first."""
    crumbs = [item if isinstance(item, Breadcrumb) else Breadcrumb(*item) for item in items]
    return {"items": crumbs, "collapse_on_mobile": collapse_on_mobile}


@register.inclusion_tag("govuk/components/pagination.html")
def govuk_pagination(pagination, label=""):
    """Links to a list's other pages, from ``portal.components.pagination``."""
    return {"pagination": pagination, "label": label}


@register.filter
def govuk_choices_class(field) -> str:
    """The radios' or checkboxes' group class. A widget's own class modifies the group
    (``attrs={"class": "govuk-radios--inline"}``); two radios stand inline anyway."""
    kind = govuk_kind(field)
    classes = [f"govuk-{kind}"]
    modifiers = field.field.widget.attrs.get("class", "")
    if modifiers:
        classes.append(modifiers)
    if (
        kind == "radios"
        and "govuk-radios--inline" not in modifiers
        and len(field.field.choices) <= 2
    ):
        classes.append("govuk-radios--inline")
    return " ".join(classes)
