from django.utils.translation import gettext_lazy as _


def site_chrome(request):
    """Main navigation, the same on every page."""
    nav = [
        ("/", _("Home")),
        ("/over-het-netwerk/", _("Over het netwerk")),
        ("/groepen/", _("Groepen")),
        ("/kennisbank/", _("Kennisbank")),
        ("/nieuws/", _("Nieuws")),
        ("/contact/", _("Contact")),
        ("/zoeken/", _("Zoeken")),
    ]
    return {"main_nav": nav}
