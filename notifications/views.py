from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from community import selectors, services
from community.models import GroupPage, Membership, SignalFrequency

from . import pipeline, render
from .tokens import read_unsubscribe_token


@login_required
def signal_settings(request):
    memberships = list(selectors.my_memberships(request.user))
    user = request.user
    if request.method == "POST":
        errors = False
        default = request.POST.get("default_frequency")
        if default in SignalFrequency.values:
            user.default_signal_frequency = default
        user.save(update_fields=["default_signal_frequency"])
        services.set_signals_paused(user=user, paused=request.POST.get("signals_paused") == "on")
        for membership in memberships:
            value = request.POST.get(f"frequency-{membership.group_id}")
            if value is None or value == membership.signal_frequency:
                continue
            if value not in SignalFrequency.values:
                errors = True
                continue
            services.set_signal_frequency(user=user, group=membership.group, frequency=value)
        if errors:
            messages.error(request, _("Eén of meer keuzes waren ongeldig en zijn niet opgeslagen."))
        else:
            messages.success(request, _("Uw instellingen voor de signaleringsmail zijn opgeslagen."))
        return redirect("notifications:settings")
    preview_items = pipeline.preview(user)
    context = {
        "memberships": memberships,
        "frequencies": SignalFrequency.choices,
        "preview_groups": render.group_items(render.per_group(preview_items)),
        "preview_count": len(preview_items),
        "preview_subject": render.subject_for(len(preview_items), len({a.group_id for a in preview_items})),
    }
    return TemplateResponse(request, "notifications/settings.html", context)


def _unsubscribe_target(token):
    try:
        user_id, group_id = read_unsubscribe_token(token)
    except (signing.BadSignature, ValueError, KeyError, TypeError):
        return None, None, None
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return None, None, None
    group = GroupPage.objects.filter(pk=group_id).first() if group_id else None
    if group_id and group is None:
        return None, None, None
    return user, group, group_id


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a session or CSRF token
def unsubscribe(request, token):
    """GET shows a confirmation page and changes nothing; POST unsubscribes (idempotent)."""
    user, group, group_id = _unsubscribe_target(token)
    if user is None:
        return TemplateResponse(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        if group is not None:
            Membership.objects.filter(user=user, group=group).update(
                signal_frequency=SignalFrequency.NEVER
            )
        else:
            type(user).objects.filter(pk=user.pk).update(signals_paused=True)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("U bent afgemeld."), content_type="text/plain; charset=utf-8")
        return TemplateResponse(
            request, "notifications/unsubscribe_done.html", {"group": group}
        )
    return TemplateResponse(
        request, "notifications/unsubscribe_confirm.html", {"group": group, "token": token}
    )
