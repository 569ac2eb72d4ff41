from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citaat"))
    source = blocks.CharBlock(label=_("bron"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citaat")
        template = "knowledgebase/blocks/quote.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("linktekst"), required=False,
                             help_text=_("Leeg laten: de titel van het document."))

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "knowledgebase/blocks/document_link.html"


class ArticleBody(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Tekst"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )
    quote = QuoteBlock()
    document = DocumentLinkBlock()
    related_articles = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="knowledgebase.ArticlePage"),
        label=_("Gerelateerde artikelen"), icon="doc-empty",
        template="knowledgebase/blocks/related_articles.html",
    )
    related_groups = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="community.GroupPage"),
        label=_("Gerelateerde groepen"), icon="group",
        template="knowledgebase/blocks/related_groups.html",
    )
