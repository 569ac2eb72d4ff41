"""Builds one member's signal mail from the changes they may see.

Many members receive the same changes of a group (everyone at "daily" shares a watermark),
so a run keeps a RenderCache: each change is turned into an item once, and each group's
block of items is rendered once per distinct set of changes. Only the greeting and the
personal unsubscribe links are rendered per member.
"""

from collections import OrderedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.sanitise import excerpt

from .tokens import make_unsubscribe_token

ITEMS_PER_GROUP = 10  # a mail lists at most this many changes per group, then "and N more"


def absolute(path: str) -> str:
    if path.startswith("http://") or path.startswith("https://"):
        return path
    return settings.SITE_URL + path


def page_path(page) -> str:
    parts = page.get_url_parts()
    return parts[2] if parts else "/"


class RenderCache:
    def __init__(self):
        self.items = {}
        self.group_paths = {}
        self.fragments = {}

    def group_path(self, group):
        if group.pk not in self.group_paths:
            self.group_paths[group.pk] = page_path(group)
        return self.group_paths[group.pk]

    def item(self, activity):
        if activity.pk not in self.items:
            self.items[activity.pk] = _item(activity, self.group_path(activity.group))
        return self.items[activity.pk]


def _item(activity, group_path):
    thread = activity.thread
    if activity.consultation_id:
        consultation = activity.consultation
        return {
            "kind": activity.kind,
            "kind_label": activity.get_kind_display(),
            "title": consultation.title,
            "excerpt": Truncator(" ".join(consultation.question.split())).chars(220),
            "closes_at": consultation.closes_at,
            "author": _("de redactie"),
            "url": absolute(consultation.get_absolute_url()),
            "created_at": activity.created_at,
        }
    if activity.page_id:
        news = activity.page.specific
        return {
            "kind": activity.kind,
            "kind_label": activity.get_kind_display(),
            "title": news.title,
            "excerpt": getattr(news, "lead", ""),
            "author": activity.actor.display_name if activity.actor else _("de redactie"),
            "url": absolute(page_path(news)),
            "created_at": activity.created_at,
        }
    if activity.post_id:
        url = f"{group_path}bericht/{activity.post_id}/"
    elif thread:
        url = f"{group_path}onderwerp/{thread.pk}/"
    elif activity.folder_id:  # a file added to a folder: its list of files
        url = f"{group_path}map/{activity.folder.slug}/#bestanden"
    else:
        url = group_path
    return {
        "kind": activity.kind,
        "kind_label": activity.get_kind_display(),
        "title": (activity.attachment.filename if activity.attachment_id
                  else thread.title if thread else activity.group.title),
        "excerpt": excerpt(activity.post.body, 220, own_words=True) if activity.post_id else "",
        "author": activity.actor.display_name if activity.actor else _("voormalig lid"),
        "url": absolute(url),
        "created_at": activity.created_at,
    }


def per_group(activities):
    """Split a flat list of changes into per-group lists in id order."""
    groups = OrderedDict()
    for activity in sorted(activities, key=lambda a: a.pk):
        groups.setdefault(activity.group_id, []).append(activity)
    return list(groups.values())


def group_items(groups_activities, cache=None):
    """[{group, url, count, more, folders: [{folder, items}]}] from per-group lists of
    changes (each in id order); groups by title; per group the newest ITEMS_PER_GROUP
    changes, grouped per folder."""
    cache = cache or RenderCache()
    result = []
    for group_activities in sorted(groups_activities, key=lambda acts: (acts[0].group.title, acts[0].group_id)):
        group = group_activities[0].group
        shown = group_activities[-ITEMS_PER_GROUP:]
        folders = OrderedDict()
        for activity in shown:
            folders.setdefault(activity.folder_id or 0, {"folder": activity.folder, "items": []})[
                "items"
            ].append(cache.item(activity))
        result.append({
            "group": group,
            "url": absolute(cache.group_path(group)),
            "count": len(group_activities),
            "more": len(group_activities) - len(shown),
            "folders": list(folders.values()),
            "key": (group.pk, tuple(a.pk for a in shown), len(group_activities)),
        })
    return result


def subject_for(items_count, groups_count) -> str:
    contributions = ngettext(
        "%(n)s nieuwe bijdrage", "%(n)s nieuwe bijdragen", items_count
    ) % {"n": items_count}
    groups = ngettext("%(n)s groep", "%(n)s groepen", groups_count) % {"n": groups_count}
    return _("OOV-netwerk: %(contributions)s in %(groups)s") % {
        "contributions": contributions, "groups": groups,
    }


def _fragments(entry, cache):
    key = entry["key"]
    if key not in cache.fragments:
        cache.fragments[key] = (
            mark_safe(render_to_string("notifications/signal_mail_group.html", {"entry": entry})),
            render_to_string("notifications/signal_mail_group.txt", {"entry": entry}),
        )
    return cache.fragments[key]


def mail_context(user, groups_activities, cache=None):
    cache = cache or RenderCache()
    groups = group_items(groups_activities, cache)
    for entry in groups:
        entry["html"], entry["text"] = _fragments(entry, cache)
        entry["unsubscribe_url"] = absolute(
            reverse("notifications:unsubscribe", args=[make_unsubscribe_token(user, entry["group"])])
        )
    count = sum(entry["count"] for entry in groups)
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


def render_signal_mail(delivery, groups_activities, connection=None, cache=None):
    """groups_activities: per group, the changes (in id order) the member may see."""
    user = delivery.user
    context = mail_context(user, groups_activities, cache)
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
