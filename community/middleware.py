"""The CMS asks for a second factor.

- Wagtail's own login page is not used: /admin/login/ sends people to the portal login
  (allauth), which asks for the TOTP code of everyone who has an authenticator.
- A signed-in account with CMS access but no authenticator is sent from every /admin/
  page to TOTP enrolment (/account/2fa/totp/activate/) and can open nothing else there.
Who needs a second factor is decided in community.access.
"""

from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from . import access

ADMIN_PREFIX = "/admin/"


class AdminSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(ADMIN_PREFIX):
            if path.startswith(ADMIN_PREFIX + "login/"):
                next_url = request.GET.get("next") or ADMIN_PREFIX
                return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
            user = request.user
            if user.is_authenticated and not access.has_cms_permission(user):
                # No CMS for members, guests, or a "staff" tick without the CMS permission:
                # a plain 404 instead of a login loop.
                raise Http404
            if access.needs_second_factor(user) and not is_mfa_enabled(user):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)
