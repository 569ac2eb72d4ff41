"""Tags for the discussion pages, which list up to 30 posts or 25 threads per page.

Django's `date` filter and a dozen `{% trans %}` nodes per row made up most of the thread
page's rendering time; these do the same work once per row in plain Python. The markup
they return is escaped with format_html like any template output.
"""

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext, ngettext

from community.sanitise import excerpt

register = template.Library()

_MONTH_NAMES = {}  # language code -> ["", "januari", ...]


def _month_name(month):
    language = get_language()
    names = _MONTH_NAMES.get(language)
    if names is None:
        names = _MONTH_NAMES[language] = [""] + [str(MONTHS[m]) for m in range(1, 13)]
    return names[month]


def _labels(context):
    """The action labels, translated once per rendering of the page."""
    labels = context.render_context.get("post_action_labels")
    if labels is None:
        labels = context.render_context["post_action_labels"] = {
            "post": gettext("bericht"), "quote": gettext("Citeren"), "edit": gettext("Bewerken"),
            "delete": gettext("Verwijderen"), "report": gettext("Melden"),
            "restore": gettext("Terugzetten"), "hide": gettext("Verbergen"),
        }
    return labels


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def short_datetime(value, joiner=""):
    """'4 december 2026 09:15' (Django's "j F Y H:i"), or with a joiner
    '4 december 2026 om 09:15', in the current time zone and language."""
    if not value:
        return ""
    local = _local(value)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    day = f"{local.day} {_month_name(local.month)} {local.year}"
    return f"{day} {joiner} {clock}" if joiner else f"{day} {clock}"


@register.filter
def own_excerpt(body, length=160):
    """The start of a post in its own words (quotes of other posts left out), as text."""
    return excerpt(body, int(length), own_words=True)


@register.filter
def replies(count):
    """'1 reactie', '12 reacties'."""
    return ngettext("%(count)s reactie", "%(count)s reacties", count) % {"count": count}


@register.simple_tag
def post_time(value, joiner=""):
    """<time datetime="…">4 december 2026 om 09:15</time>"""
    return format_html('<time datetime="{}">{}</time>', _local(value).isoformat(),
                       short_datetime(value, joiner))


@register.simple_tag(takes_context=True)
def post_actions(context, post, number):
    """The links and buttons under one post, as far as the viewer may use them (the view
    set post.can_quote / can_edit / can_report from community.access; can_moderate is
    the page's). `number` names the post for screen readers ("Citeren bericht 3")."""
    can_moderate = context.get("can_moderate") and not post.is_removed
    if not (post.can_quote or post.can_edit or post.can_report or can_moderate):
        return ""
    group_url = context["group_url"]
    labels = _labels(context)
    hidden = f"{labels['post']} {number}"
    items = []
    if post.can_quote:
        items.append((f"?citeer={post.pk}#reageren", labels["quote"]))
    if post.can_edit:
        items.append((f"{group_url}bericht/{post.pk}/bewerken/", labels["edit"]))
        items.append((f"{group_url}bericht/{post.pk}/verwijderen/", labels["delete"]))
    if post.can_report:
        items.append((f"{group_url}bericht/{post.pk}/melden/", labels["report"]))
    links = format_html_join(
        "\n", '<a class="utrecht-link" href="{}">{}<span class="portal-visually-hidden"> {}</span></a>',
        ((href, label, hidden) for href, label in items),
    )
    form = ""
    if can_moderate:
        action, label = ("restore", labels["restore"]) if post.is_hidden else (
            "hide", labels["hide"])
        form = format_html(
            '<form method="post" action="{}bericht/{}/moderatie/" class="portal-inline-form">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" name="action" value="{}" class="utrecht-button utrecht-button--subtle">'
            '{}<span class="portal-visually-hidden"> {}</span></button></form>',
            group_url, post.pk, context.get("csrf_token", ""), action, label, hidden,
        )
    return format_html('<div class="portal-post__actions portal-inline-list">{}{}</div>', links, form)
