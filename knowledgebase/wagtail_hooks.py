from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from community import access

from .models import CollectionAudience, can_view_document

register_snippet(CollectionAudience)


@hooks.register("before_serve_document")
def check_document_audience(document, request):
    """Documents in a collection for members or one working group: others get 404. Wagtail's
    own privacy settings on collections are checked by Wagtail; a guest is also kept out of
    collections for "logged-in users"."""
    if not can_view_document(request.user, document):
        raise Http404
    if access.guest_stopped_by(request.user, document.collection.get_view_restrictions()):
        raise Http404
