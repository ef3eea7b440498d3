"""Offer letter templates: content editors keep the words, with revisions (a snippet);
HR read them. A template naming an unknown or broken placeholder cannot be saved
(``OfferLetterTemplate.clean``)."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea
from wagtail.snippets.views.snippets import SnippetViewSet

from recruitment.letters import PLACEHOLDERS
from recruitment.models import OfferLetterTemplate


def placeholder_help() -> str:
    rows = format_html_join(
        "",
        "<li><code>{}</code>: {}</li>",
        (("{{ " + name + " }}", description) for name, description in PLACEHOLDERS.items()),
    )
    return format_html(
        "<p>{}</p><ul>{}</ul>",
        _("Write the letter with these placeholders; each becomes the offer's detail."),
        rows,
    )


class LetterEditor(DraftailRichTextArea):
    """The rich-text editor, refusing what it cannot read as an empty letter (the form then
    says "This field is required") rather than failing the request: the editor always
    posts its own JSON, anything else was not typed in it."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


class OfferLetterTemplateViewSet(SnippetViewSet):
    model = OfferLetterTemplate
    icon = "doc-full-inverse"
    menu_label = _("Offer letters")
    menu_name = "offer_letters"
    url_prefix = "recruitment/offer-letters"
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["name", "is_default", "updated_at"]
    search_fields = ["name"]
    search_backend_name = None

    def get_edit_handler(self):
        # Built when the admin first asks, not at import: the help text is translated.
        return ObjectList(
            [
                FieldPanel("name"),
                HelpPanel(content=placeholder_help(), heading=_("Placeholders")),
                FieldPanel(
                    "body",
                    widget=LetterEditor(
                        features=OfferLetterTemplate._meta.get_field("body").features
                    ),
                ),
                FieldPanel("is_default"),
            ]
        ).bind_to_model(self.model)
