from django.utils.translation import gettext_lazy as _

from community import access

_NAV = [
    ("/", _("Home")),
    ("/over-het-netwerk/", _("Over het netwerk")),
    ("/groepen/", _("Groepen")),
    ("/kennisbank/", _("Kennisbank")),
    ("/nieuws/", _("Nieuws")),
    ("/contact/", _("Contact")),
    ("/zoeken/", _("Zoeken")),
]
# Members (not guests) also see the knelpunten register, after the knowledge base.
_MEMBER_NAV = _NAV[:4] + [("/knelpunten/", _("Knelpunten"))] + _NAV[4:]


def site_chrome(request):
    """Main navigation, the same on every page (members also get the knelpunten)."""
    user = getattr(request, "user", None)
    member = user is not None and user.is_authenticated and not user.is_guest
    return {
        "main_nav": _MEMBER_NAV if member else _NAV,
        # Only editors (CMS permission and a second factor) get Wagtail's user bar; asked
        # through the access module (cached on the user), not the user bar's own lookup.
        "cms_user": bool(member) and access.is_editor(user),
    }
