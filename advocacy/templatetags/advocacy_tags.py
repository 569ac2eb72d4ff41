"""Consultations on pages that belong to other apps (the dashboard, a group's page): the
templates ask here, so that community's views need not know about advocacy."""

from django import template

from advocacy import selectors
from community import access

register = template.Library()


@register.simple_tag(takes_context=True)
def member_consultations(context, group=None):
    """{"open": [...], "closed": [...]} for the logged-in user: the consultations they may
    answer (community.access), everywhere or in one group (closed ones only per group).
    One query per list, whatever the number of consultations."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"open": [], "closed": []}
    if group is None:
        return {"open": selectors.open_consultations_for(user), "closed": []}
    return {
        "open": selectors.open_consultations_for(user, group=group),
        "closed": selectors.closed_consultations_for(user, group=group),
    }


@register.filter
def can_report_knelpunt(user):
    """Whether the user may report knelpunten (community.access)."""
    return access.can_report_knelpunt(user)
