"""Tags for the discussion pages, which list up to 30 posts or 25 threads per page.

Django's `date` filter, a dozen `{% trans %}` nodes and some twenty variable lookups per
row made up most of the thread page's rendering time; these tags do the same work once per
row in plain Python (post_item writes one post of a thread). The markup they return is
escaped here (html.escape) exactly as the template engine would escape it.
"""

from html import escape as _e  # plain str in, escaped str out: & < > " '

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext

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
            "at": pgettext("datum om tijd", "om"), "edited": gettext("bewerkt"), "former": gettext("voormalig lid"),
            "files": gettext("Bijlagen"),
            "removed": gettext("Dit bericht is verwijderd door de schrijver."),
            "hidden": gettext("Dit bericht is verborgen door een moderator."),
            "pinned": gettext("Vastgezet"), "locked": gettext("Gesloten"),
            "new": gettext("Nieuw sinds uw laatste bezoek"),
            "activity": gettext("laatste activiteit"),
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
    return _format_local(_local(value), joiner)


def _format_local(local, joiner=""):
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


def _time_html(value, joiner=""):
    local = _local(value)
    return f'<time datetime="{local.isoformat()}">{_e(_format_local(local, joiner))}</time>'


@register.simple_tag
def post_time(value, joiner=""):
    """<time datetime="…">4 december 2026 om 09:15</time>"""
    return mark_safe(_time_html(value, joiner))


def _actions_html(context, post, number, labels):
    can_moderate = context.get("can_moderate") and not post.is_removed
    if not (post.can_quote or post.can_edit or post.can_report or can_moderate):
        return ""
    group_url = _e(context["group_url"])
    hidden = _e(f"{labels['post']} {number}")
    items = []
    if post.can_quote:
        items.append((f"?citeer={post.pk}#reageren", labels["quote"]))
    if post.can_edit:
        items.append((f"{group_url}bericht/{post.pk}/bewerken/", labels["edit"]))
        items.append((f"{group_url}bericht/{post.pk}/verwijderen/", labels["delete"]))
    if post.can_report:
        items.append((f"{group_url}bericht/{post.pk}/melden/", labels["report"]))
    links = "\n".join(
        f'<a class="utrecht-link" href="{href}">{_e(label)}'
        f'<span class="portal-visually-hidden"> {hidden}</span></a>'
        for href, label in items
    )
    form = ""
    if can_moderate:
        action, label = ("restore", labels["restore"]) if post.is_hidden else (
            "hide", labels["hide"])
        form = (
            f'<form method="post" action="{group_url}bericht/{post.pk}/moderatie/" '
            'class="portal-inline-form"><input type="hidden" name="csrfmiddlewaretoken" '
            f'value="{_e(str(context.get("csrf_token", "")))}"><button type="submit" '
            f'name="action" value="{action}" class="utrecht-button utrecht-button--subtle">'
            f'{_e(label)}<span class="portal-visually-hidden"> {hidden}</span></button></form>'
        )
    return f'<div class="portal-post__actions portal-inline-list">{links}{form}</div>'


@register.simple_tag(takes_context=True)
def post_actions(context, post, number):
    """The links and buttons under one post, as far as the viewer may use them (the view
    set post.can_quote / can_edit / can_report from community.access; can_moderate is
    the page's). `number` names the post for screen readers ("Citeren bericht 3")."""
    return mark_safe(_actions_html(context, post, number, _labels(context)))


@register.simple_tag(takes_context=True)
def post_item(context, post, number):
    """One post of a thread as a list item: author, time, body (or why it is not shown),
    files and the actions the viewer may use. The view decides what may be shown
    (post.show_body, post.author_url, post.can_* from community.access). Every text is
    escaped here (_e); the body is HTML that community.sanitise cleaned when it was stored."""
    labels = _labels(context)
    author = post.author
    if author is None:
        heading = _e(labels["former"])
    else:
        heading = _e(author.display_name)
        if post.author_url:
            heading = f'<a class="utrecht-link" href="{_e(post.author_url)}">{heading}</a>'
        if author.organisation_id:
            heading = f"{heading}, {_e(str(author.organisation))}"
    meta = _time_html(post.created_at, labels["at"])
    if post.edited_at:
        meta = f"{meta} · {_e(labels['edited'])} {_e(short_datetime(post.edited_at))}"
    if post.show_body:
        body = f'<div class="portal-post__body utrecht-rich-text">{post.body}</div>'
        if post.files:
            files = "".join(
                f'<li><a class="utrecht-link" href="{_e(file.get_url())}">{_e(file.filename)}'
                f"</a> ({_e(filesizeformat(file.size))})</li>"
                for file in post.files
            )
            body = (f'{body}<ul class="portal-inline-list portal-files" '
                    f'aria-label="{_e(labels["files"])}">{files}</ul>')
    else:
        body = ('<p class="utrecht-paragraph"><em>'
                f'{_e(labels["removed" if post.is_removed else "hidden"])}</em></p>')
    pk = int(post.pk)
    return mark_safe(
        f'<li id="bericht-{pk}"><article class="portal-post" aria-labelledby="bericht-{pk}-kop">'
        f'<h2 class="utrecht-heading-4" id="bericht-{pk}-kop">{heading}</h2>'
        f'<p class="utrecht-paragraph portal-meta">{meta}</p>{body}'
        f"{_actions_html(context, post, number, labels)}</article></li>"
    )


@register.simple_tag(takes_context=True)
def thread_item(context, thread):
    """One thread in a folder's list: its title (linked), badges (pinned, locked, new since
    the reader's last visit: thread.is_unread from selectors.mark_unread), author, number
    of replies and last activity."""
    labels = _labels(context)
    badges = "".join(
        f' <span class="portal-badge{extra}">{_e(labels[key])}</span>'
        for key, extra, shown in (
            ("pinned", "", thread.is_pinned), ("locked", "", thread.is_locked),
            ("new", " portal-badge--new", getattr(thread, "is_unread", False)),
        ) if shown
    )
    author = _e(thread.author.display_name) if thread.author_id else _e(labels["former"])
    prefix = context.render_context.get("thread_url_prefix")
    if prefix is None:  # the group's thread route, reversed once per page
        path = context["page"].reverse_subpage("thread", args=[0])
        prefix = context.render_context["thread_url_prefix"] = _e(
            context["group_url"] + path[: -len("0/")])
    return mark_safe(
        f'<li><a class="utrecht-link" href="{prefix}{int(thread.pk)}/">'
        f'{_e(thread.title)}</a>{badges}<p class="utrecht-paragraph portal-meta">{author} · '
        f"{_e(replies(thread.reply_count))} · {_e(labels['activity'])} "
        f"{_e(short_datetime(thread.last_activity_at))}</p></li>"
    )
