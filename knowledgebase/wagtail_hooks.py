from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import CollectionAudience, can_view_document

register_snippet(CollectionAudience)


@hooks.register("before_serve_document")
def check_document_audience(document, request):
    """Documents in a collection for members or one working group: others get 404."""
    if not can_view_document(request.user, document):
        raise Http404
