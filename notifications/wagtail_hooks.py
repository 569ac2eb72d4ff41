from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import health


def health_view(request):
    email = request.GET.get("email", "")
    context = {
        "header_title": _("Signaleringsmail"),
        "page_title": _("Signaleringsmail"),
        "header_icon": "mail",
        "per_day": health.per_day(),
        "waiting": health.waiting(),
        "email": email,
        "lookup": health.member_lookup(email) if email else None,
    }
    return TemplateResponse(request, "notifications/admin/health.html", context)


@hooks.register("register_admin_urls")
def register_urls():
    return [path("signaleringsmail/", health_view, name="signal_mail_health")]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return MenuItem(gettext_lazy("Signaleringsmail"), reverse("signal_mail_health"),
                    icon_name="mail", order=900)


@hooks.register("oov_editor_queues")
def signal_mail_queue(request):
    from django.db.models import Q

    from .models import Delivery

    failing = Delivery.objects.filter(
        Q(status=Delivery.Status.FAILED) | Q(status=Delivery.Status.PENDING, attempts__gt=0)
    ).count()
    return [(_("Signaleringsmails met fouten"), failing, reverse("signal_mail_health"))]
