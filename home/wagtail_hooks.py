"""The editors' dashboard: one panel, "Wat op de redactie wacht", to which each app adds its
queues through the hook "oov_editor_queues" (a function(request) returning
[(label, count, url), ...]). No app needs to import another for it."""

from django.http import Http404
from wagtail import hooks
from wagtail.admin.ui.components import Component

from community import access


class QueuesPanel(Component):
    name = "oov_queues"
    order = 50
    template_name = "home/admin/queues_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        rows = []
        for contribute in hooks.get_hooks("oov_editor_queues"):
            rows.extend(contribute(self.request))
        return {"rows": rows}


@hooks.register("construct_homepage_panels")
def add_queues_panel(request, panels):
    panels.append(QueuesPanel(request))


@hooks.register("before_serve_page")
def keep_guests_out_of_member_pages(page, request, serve_args, serve_kwargs):
    """Wagtail lets every logged-in account through a "logged-in users" privacy setting; a
    guest sees nothing outside their working groups, so for them such a page does not exist."""
    if access.guest_stopped_by(request.user, page.get_view_restrictions()):
        raise Http404
