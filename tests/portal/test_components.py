"""GOV.UK components from plain data: the markup stands once, and escapes what it must."""

from django.template import Context, Template

from portal.components import Action, Banner, SummaryCard, Table, Tag, Task, link, numeric


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_table_renders_caption_headers_numeric_cells_and_escapes_text():
    table = Table(
        caption="Hours",
        caption_size="s",
        head=["Week", numeric("Hours")],
        rows=[["<b>1 June</b>", numeric("7.5")], [link("/x/", "A & B"), Tag("Late", "red")]],
        first_cell_is_header=True,
    )
    html = render("{% govuk_table table %}", table=table)
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Hours</caption>' in html
    assert 'class="govuk-table__header govuk-table__header--numeric"' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">7.5</td>' in html
    assert '<th scope="row" class="govuk-table__header">&lt;b&gt;1 June&lt;/b&gt;</th>' in html
    assert '<a class="govuk-link" href="/x/">A &amp; B</a>' in html
    assert '<strong class="govuk-tag govuk-tag--red">Late</strong>' in html


def test_summary_list_keeps_line_breaks_and_marks_rows_without_actions():
    rows = [
        ("Name", "Amira Khan", [Action("/change/", "Change", "name")]),
        ("Address", "1 Road\nTown"),
    ]
    html = render("{% govuk_summary_list rows %}", rows=rows)
    assert '<dd class="govuk-summary-list__value">1 Road<br>Town</dd>' in html
    assert 'Change<span class="govuk-visually-hidden"> name</span>' in html
    assert "govuk-summary-list__row--no-actions" in html


def test_summary_card_has_a_title_and_its_rows():
    card = SummaryCard(title="Referees", rows=[("Referee 1", "Pat")])
    html = render("{% govuk_summary_card card %}", card=card)
    assert '<h2 class="govuk-summary-card__title">Referees</h2>' in html
    assert "Pat" in html


def test_task_list_links_tasks_to_their_status():
    tasks = [
        Task("Personal details", "/p/", Tag("Incomplete", "blue"), id="p"),
        Task("Submit", id="s", status="Cannot start yet", cannot_start_yet=True),
    ]
    html = render("{% govuk_task_list tasks %}", tasks=tasks)
    assert 'href="/p/" aria-describedby="p-status"' in html
    assert "govuk-task-list__status--cannot-start-yet" in html


def test_notification_banner_for_success_is_an_alert():
    html = render("{% govuk_notification_banner banner %}", banner=Banner("Saved", success=True))
    assert 'role="alert"' in html
    assert "govuk-notification-banner--success" in html
    assert '<p class="govuk-notification-banner__heading">Saved</p>' in html
