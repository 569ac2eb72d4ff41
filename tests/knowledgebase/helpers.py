"""Builders for knowledge-base content in tests."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from knowledgebase.models import ArticlePage, CollectionAudience, KnowledgeIndexPage, TopicPage
from taxonomy.models import Topic
from tests.factories import site_root


def make_topic(name="Veiligheidsbeleid"):
    topic, _ = Topic.objects.get_or_create(name=name)
    return topic


def knowledge_index():
    index = KnowledgeIndexPage.objects.first()
    if index:
        return index
    index = KnowledgeIndexPage(title="Kennisbank", slug="kennisbank")
    site_root().add_child(instance=index)
    return index


def make_topic_page(topic):
    page = TopicPage.objects.filter(topic=topic).first()
    if page:
        return page
    page = TopicPage(title=topic.name, slug=topic.slug, topic=topic)
    knowledge_index().add_child(instance=page)
    return page


def make_article(title, text, *, topic=None, audience="public", group=None, live=True):
    from django.utils.text import slugify

    topic_page = make_topic_page(topic or make_topic())
    article = ArticlePage(
        title=title, slug=slugify(title), intro="", audience=audience, working_group=group,
        body=[{"type": "text", "value": f"<p>{text}</p>"}], live=live,
    )
    topic_page.add_child(instance=article)
    if live:
        article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def make_document(title, *, description="", audience=None, group=None, collection_name=None):
    root = Collection.get_first_root_node()
    collection = root
    if audience:
        name = collection_name or f"Collectie {audience} {group.pk if group else ''}"
        collection = Collection.objects.filter(name=name).first() or root.add_child(name=name)
        CollectionAudience.objects.get_or_create(
            collection=collection, defaults={"audience": audience, "working_group": group}
        )
    Document = get_document_model()
    doc = Document(title=title, description=description, collection=collection)
    doc.file.save("notitie.txt", ContentFile(b"Inhoud van het document."), save=False)
    doc.save()
    return doc
