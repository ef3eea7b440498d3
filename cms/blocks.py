"""StreamField blocks, each rendered as a GOV.UK Design System component."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Button text"), max_length=80)
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("Or an address"))

    class Meta:
        icon = "link"
        template = "cms/blocks/call_to_action.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    questions = blocks.ListBlock(QuestionBlock())

    class Meta:
        icon = "help"
        template = "cms/blocks/faq.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        max_length=120, icon="title", template="cms/blocks/heading.html", label=_("Heading")
    )
    paragraph = blocks.RichTextBlock(
        features=["h3", "bold", "italic", "link", "document-link", "ol", "ul"],
        template="cms/blocks/paragraph.html",
    )
    inset = blocks.TextBlock(icon="placeholder", template="cms/blocks/inset.html")
    warning = blocks.TextBlock(icon="warning", template="cms/blocks/warning.html")
    image = ImageBlock(template="cms/blocks/image.html")
    quote = QuoteBlock()
    faq = FaqBlock()
    call_to_action = CallToActionBlock()


class CriterionBlock(blocks.StructBlock):
    """One line of a person specification, scored at interview."""

    criterion = blocks.CharBlock(max_length=300)
    essential = blocks.BooleanBlock(
        required=False, default=True, help_text=_("Untick for a desirable criterion.")
    )

    class Meta:
        icon = "tick"
