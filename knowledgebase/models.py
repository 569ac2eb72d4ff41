"""The editorial knowledge base: KnowledgeIndexPage → TopicPage → ArticlePage.

Each article is public, for members only, or for one working group; document collections
carry the same three levels (CollectionAudience). The rule itself lives in
community.access (can_view_audience / audience_q); this module only stores the choice."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, CollectionViewRestriction, Page
from wagtail.search import index

from community import access
from home.routing import FastViewRestrictions

from .blocks import ArticleBody


class Audience(models.TextChoices):
    PUBLIC = access.AUDIENCE_PUBLIC, _("Openbaar")
    MEMBERS = access.AUDIENCE_MEMBERS, _("Alleen voor leden")
    GROUP = access.AUDIENCE_GROUP, _("Alleen voor één werkgroep")


def _clean_audience(audience, working_group):
    if audience == Audience.GROUP and working_group is None:
        raise ValidationError({"working_group": _("Kies de werkgroep die dit mag zien.")})
    if audience != Audience.GROUP and working_group is not None:
        raise ValidationError(
            {"working_group": _("Kies alleen een werkgroep als de doelgroep één werkgroep is.")}
        )


class KnowledgeIndexPage(FastViewRestrictions, Page):
    introduction = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledgebase.TopicPage"]
    max_count = 1

    class Meta:
        verbose_name = _("kennisbank")

    def get_topic_pages(self):
        return TopicPage.objects.child_of(self).live().public().order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topic_pages"] = self.get_topic_pages()
        return context


class TopicPage(FastViewRestrictions, Page):
    topic = models.ForeignKey(
        "taxonomy.Topic", on_delete=models.PROTECT, related_name="topic_pages",
        verbose_name=_("thema"),
    )
    introduction = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("topic"), FieldPanel("introduction")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.FilterField("topic"),
    ]
    parent_page_types = ["knowledgebase.KnowledgeIndexPage"]
    subpage_types = ["knowledgebase.ArticlePage"]

    class Meta:
        verbose_name = _("themapagina")
        verbose_name_plural = _("themapagina's")

    def get_articles(self, user):
        qs = ArticlePage.objects.child_of(self).live().public()
        return qs.filter(access.audience_q(user)).order_by("-date", "-pk")

    def get_groups(self, user):
        from community.models import GroupPage

        qs = GroupPage.objects.live().filter(topic_id=self.topic_id)
        return access.filter_listed_groups(user, qs).order_by("title")

    def get_recent_threads(self, user, limit=10):
        from community.models import Thread

        qs = Thread.objects.filter(topic_id=self.topic_id)
        return (
            access.filter_visible(user, qs)
            .select_related("group", "author")
            .order_by("-last_activity_at", "-pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["articles"] = self.get_articles(user)
        context["groups"] = self.get_groups(user)
        context["recent_threads"] = self.get_recent_threads(user)
        return context


class ArticlePage(FastViewRestrictions, Page):
    intro = models.CharField(_("samenvatting"), max_length=300, blank=True)
    date = models.DateField(_("datum"), default=timezone.localdate)
    body = StreamField(ArticleBody(), verbose_name=_("tekst"), blank=True)
    audience = models.CharField(_("doelgroep"), max_length=10, choices=Audience.choices,
                                default=Audience.PUBLIC)
    working_group = models.ForeignKey(
        "community.GroupPage", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("werkgroep"),
        help_text=_("Alleen als de doelgroep één werkgroep is."),
    )
    # Copied from the parent topic page on save, so that lists and search can filter on it.
    topic = models.ForeignKey(
        "taxonomy.Topic", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="articles",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("date"),
        FieldPanel("body"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("working_group")], heading=_("Wie mag dit lezen?")
        ),
    ] + Page.settings_panels
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("audience"),
        index.FilterField("working_group"),
        index.FilterField("topic"),
        index.FilterField("date"),
    ]
    parent_page_types = ["knowledgebase.TopicPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikelen")

    def clean(self):
        super().clean()
        _clean_audience(self.audience, self.working_group)

    def save(self, *args, **kwargs):
        if self.path:
            parent = self.get_parent()
            if parent is not None and parent.specific_class is TopicPage:
                self.topic_id = parent.specific.topic_id
        return super().save(*args, **kwargs)

    def can_view(self, user) -> bool:
        return access.can_view_audience(user, self.audience, self.working_group)

    def serve(self, request, *args, **kwargs):
        if not self.can_view(request.user):
            if access.wants_login(request.user, self.audience):
                return redirect_to_login(request.get_full_path())
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        if self.audience != Audience.PUBLIC:
            return []
        return super().get_sitemap_urls(request)


def document_storage():
    """Documents live outside MEDIA_ROOT (community.storage.DocumentStorage)."""
    from community.storage import DocumentStorage

    return DocumentStorage()


class PortalDocument(AbstractDocument):
    """Wagtail's document with a description, which search also reads, and its file kept
    outside the public media folder."""

    file = models.FileField(_("bestand"), upload_to="documents", storage=document_storage)
    description = models.TextField(_("omschrijving"), blank=True)

    admin_form_fields = Document.admin_form_fields + ("description",)
    search_fields = AbstractDocument.search_fields + [index.SearchField("description")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documenten")


class CollectionAudience(models.Model):
    """Who may download the documents in a collection (and its sub-collections that have no
    setting of their own). A collection without a setting is public."""

    collection = models.OneToOneField(Collection, on_delete=models.CASCADE, related_name="audience",
                                      verbose_name=_("collectie"))
    audience = models.CharField(_("doelgroep"), max_length=10, choices=Audience.choices,
                                default=Audience.MEMBERS)
    working_group = models.ForeignKey(
        "community.GroupPage", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("werkgroep"),
    )

    panels = [FieldPanel("collection"), FieldPanel("audience"), FieldPanel("working_group")]

    class Meta:
        verbose_name = _("toegang tot documentcollectie")
        verbose_name_plural = _("toegang tot documentcollecties")

    def __str__(self):
        return f"{self.collection} – {self.get_audience_display()}"

    def clean(self):
        _clean_audience(self.audience, self.working_group)


def audience_of_collection(collection):
    """The nearest CollectionAudience on the collection or its ancestors, or None (public)."""
    chain = list(collection.get_ancestors(inclusive=True).values_list("pk", flat=True))
    settings = {
        ca.collection_id: ca
        for ca in CollectionAudience.objects.filter(collection_id__in=chain).select_related(
            "working_group"
        )
    }
    for pk in reversed(chain):
        if pk in settings:
            return settings[pk]
    return None


def can_view_document(user, document) -> bool:
    setting = audience_of_collection(document.collection)
    if setting is None:
        return True
    return access.can_view_audience(user, setting.audience, setting.working_group)


def visible_collection_ids(user):
    """Ids of every collection whose documents the user may see (search, lists): the nearest
    CollectionAudience on the collection or an ancestor lets them in, and so does every
    Wagtail privacy setting (CollectionViewRestriction) on it or its ancestors ("password"
    never: it holds per browser session, so such documents are not listed). Few collections
    exist, so this walks them all in Python with three queries."""
    settings = {
        ca.collection_id: ca for ca in CollectionAudience.objects.select_related("working_group")
    }
    restrictions = {}
    for restriction in CollectionViewRestriction.objects.prefetch_related("groups"):
        restrictions.setdefault(restriction.collection_id, []).append(restriction)
    collections = list(Collection.objects.values_list("pk", "path"))
    pk_by_path = {path: pk for pk, path in collections}
    visible = []
    for pk, path in collections:
        setting, chain = None, []  # the nearest audience setting; every privacy setting
        while path:
            owner = pk_by_path.get(path)
            chain.extend(restrictions.get(owner, ()))
            if setting is None:
                setting = settings.get(owner)
            path = path[: -Collection.steplen]
        if setting is not None and not access.can_view_audience(
            user, setting.audience, setting.working_group
        ):
            continue
        if access.passes_view_restrictions(user, chain):
            visible.append(pk)
    return visible
