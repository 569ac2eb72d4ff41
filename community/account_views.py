"""Thin views for accounts: applying, invitations, the member's own profile and data.
Access questions go to community.access; writes to community.accounts_services."""

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from . import access, selectors
from . import accounts_services as services
from .account_forms import (
    ApplicationForm,
    DeleteAccountForm,
    InvitedSignupForm,
    InviteForm,
    ProfileForm,
)
from .models import User


def apply(request):
    """Apply for an account (unknown domain). The answer is the same whether the address
    is known or not; only the mail differs."""
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        key = (request.POST.get("email") or "").strip().lower()
        if not ratelimit.consume(request, action="apply", key=key):
            return ratelimit.respond_429(request)
        if form.is_valid():
            data = form.cleaned_data
            services.submit_application(
                first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
                function=data["function"], organisation_name=data["organisation_name"],
                motivation=data["motivation"],
            )
            return redirect("accounts:application_sent")
    else:
        form = ApplicationForm(initial={"email": request.GET.get("email", "")})
    return TemplateResponse(request, "account/application_form.html", {
        "form": form, "crumbs": [{"title": _("Toegang aanvragen")}],
    })


def application_sent(request):
    return TemplateResponse(request, "account/application_sent.html", {
        "crumbs": [{"title": _("Aanvraag verstuurd")}],
    })


def invitation(request, token):
    """The link from an invitation mail: register (any domain) or, logged in, accept."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return TemplateResponse(request, "account/invitation_invalid.html", {}, status=404)
    context = {"invitation": invitation, "group": invitation.group,
               "crumbs": [{"title": _("Uitnodiging")}]}
    if request.user.is_authenticated:
        if not services.invitation_is_for(invitation, request.user):
            # Bound to the invited address: whoever else holds the link changes nothing.
            context["refusal"] = services.wrong_account_message()
            return TemplateResponse(request, "account/invitation_accept.html", context, status=403)
        if request.method == "POST":
            try:
                services.accept_invitation(invitation=invitation, user=request.user)
            except ValidationError as exc:
                context["refusal"] = " ".join(exc.messages)
                return TemplateResponse(request, "account/invitation_accept.html", context,
                                        status=403)
            messages.success(request, _("U bent lid van %(group)s.") % {"group": invitation.group.title})
            return redirect(invitation.group.url)
        return TemplateResponse(request, "account/invitation_accept.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    form = InvitedSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_invited(
                invitation=invitation, first_name=data["first_name"],
                last_name=data["last_name"], function=data["function"],
                password=data["password1"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welkom! U bent lid van %(group)s.") % {"group": invitation.group.title})
            return redirect(invitation.group.url)
    context["form"] = form
    return TemplateResponse(request, "account/invitation_signup.html", context)


def group_invite(request, group):
    """A coordinator or editor invites someone into a working group (route below the
    group page)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_invite(request.user, group):
        raise Http404
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(inviter=request.user, group=group, email=form.cleaned_data["email"])
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(request, _("De uitnodiging is verstuurd naar %(email)s.")
                         % {"email": form.cleaned_data["email"]})
        return redirect(group.url)
    return TemplateResponse(request, "account/invite_form.html", {
        "page": group, "self": group, "form": form,
        "crumbs": [{"title": _("Uitnodigen")}],
    })


# --- The member's own account ----------------------------------------------------------


@login_required
def my_profile(request):
    user = request.user  # one's own profile: members and guests alike
    form = ProfileForm(request.POST or None, request.FILES or None, initial={
        "first_name": user.first_name, "last_name": user.last_name, "function": user.function,
    })
    if request.method == "POST" and form.is_valid():
        for field in ("first_name", "last_name", "function"):
            setattr(user, field, form.cleaned_data[field].strip())
        user.save(update_fields=["first_name", "last_name", "function"])
        services.set_profile_photo(user=user, jpeg_bytes=form.cleaned_data["photo"],
                                   remove=form.cleaned_data["remove_photo"])
        messages.success(request, _("Uw profiel is opgeslagen."))
        return redirect("community:my_profile")
    return TemplateResponse(request, "community/my_profile.html", {
        "form": form, "profile_user": user, "crumbs": [{"title": _("Mijn profiel")}],
    })


def member_profile(request, user_id):
    """Visible to members only: visitors are sent to the login page (whatever the id, so
    nothing is revealed), guests get 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    profile_user = get_object_or_404(User.objects.select_related("organisation"), pk=user_id)
    access.check_view_profile(request.user, profile_user)
    return TemplateResponse(request, "community/member_profile.html", {
        "profile_user": profile_user,
        "groups": list(selectors.shared_groups_of(request.user, profile_user)),
        "recent_posts": list(selectors.recent_posts_by(request.user, profile_user)),
        "crumbs": [{"title": _("Mijn netwerk"), "url": "/mijn-netwerk/"},
                   {"title": profile_user.display_name}],
    })


def member_photo(request, user_id):
    """A profile photo, for whoever may see the profile (and the member themselves)."""
    profile_user = get_object_or_404(User, pk=user_id)
    if request.user.pk != profile_user.pk:
        access.check_view_profile(request.user, profile_user)
    if not profile_user.photo or not request.user.is_authenticated:
        raise Http404
    response = FileResponse(profile_user.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def my_data(request):
    data = services.export_data(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens-oov-netwerk.json"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user)
        messages.success(request, _("Uw account en uw persoonsgegevens zijn verwijderd."))
        return redirect("/")
    return TemplateResponse(request, "community/delete_account.html", {
        "form": form, "crumbs": [{"title": _("Mijn profiel"), "url": reverse("community:my_profile")},
                                 {"title": _("Account verwijderen")}],
    })

