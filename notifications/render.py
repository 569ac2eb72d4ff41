"""Builds one member's signal mail from the changes they may see."""

from collections import OrderedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.sanitise import excerpt

from .tokens import make_unsubscribe_token


def absolute(path: str) -> str:
    if path.startswith("http://") or path.startswith("https://"):
        return path
    return settings.SITE_URL + path


def page_path(page) -> str:
    parts = page.get_url_parts()
    return parts[2] if parts else "/"


def _item(activity):
    thread = activity.thread
    group_path = page_path(activity.group)
    if activity.post_id:
        url = group_path + activity.group.reverse_subpage("post", args=[activity.post_id])
    elif thread:
        url = group_path + activity.group.reverse_subpage("thread", args=[thread.pk])
    else:
        url = group_path
    return {
        "kind": activity.kind,
        "kind_label": activity.get_kind_display(),
        "title": (activity.attachment.filename if activity.attachment_id
                  else thread.title if thread else activity.group.title),
        "excerpt": excerpt(activity.post.body, 220) if activity.post_id else "",
        "author": activity.actor.display_name if activity.actor else _("voormalig lid"),
        "url": absolute(url),
        "created_at": activity.created_at,
    }


def group_items(activities):
    """[{group, url, unsubscribe_url?, folders: [{folder, items}]}] in a stable order."""
    groups = OrderedDict()
    for activity in sorted(activities, key=lambda a: (a.group.title, a.group_id, a.pk)):
        entry = groups.setdefault(
            activity.group_id,
            {"group": activity.group, "url": absolute(page_path(activity.group)), "folders": OrderedDict()},
        )
        folder_key = activity.folder_id or 0
        folder = entry["folders"].setdefault(
            folder_key, {"folder": activity.folder, "items": []}
        )
        folder["items"].append(_item(activity))
    result = []
    for entry in groups.values():
        entry["folders"] = list(entry["folders"].values())
        result.append(entry)
    return result


def subject_for(items_count, groups_count) -> str:
    contributions = ngettext(
        "%(n)s nieuwe bijdrage", "%(n)s nieuwe bijdragen", items_count
    ) % {"n": items_count}
    groups = ngettext("%(n)s groep", "%(n)s groepen", groups_count) % {"n": groups_count}
    return _("OOV-netwerk: %(contributions)s in %(groups)s") % {
        "contributions": contributions, "groups": groups,
    }


def mail_context(user, activities):
    groups = group_items(activities)
    for entry in groups:
        entry["unsubscribe_url"] = absolute(
            reverse("notifications:unsubscribe", args=[make_unsubscribe_token(user, entry["group"])])
        )
    count = len(activities)
    return {
        "user": user,
        "groups": groups,
        "item_count": count,
        "group_count": len(groups),
        "subject": subject_for(count, len(groups)),
        "settings_url": absolute(reverse("notifications:settings")),
        "unsubscribe_all_url": absolute(
            reverse("notifications:unsubscribe", args=[make_unsubscribe_token(user)])
        ),
        "site_url": settings.SITE_URL,
    }


def render_signal_mail(delivery, activities, connection=None):
    user = delivery.user
    context = mail_context(user, activities)
    text = render_to_string("notifications/signal_mail.txt", context)
    html = render_to_string("notifications/signal_mail.html", context)
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=connection,
        headers={
            "Message-ID": delivery.message_id,
            "List-Unsubscribe": f"<{context['unsubscribe_all_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    summary = {"items": context["item_count"], "groups": context["group_count"],
               "subject": context["subject"]}
    return message, summary
