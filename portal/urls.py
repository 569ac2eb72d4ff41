from django.conf import settings
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import routing


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; the icon is the static SVG. Not a
    # permanent redirect: the static URL may carry a content hash that changes.
    return redirect(static_url("img/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("account/", include("allauth.urls")),
    path("toegang/", include("community.account_urls")),
    path("mijn-netwerk/", include("community.urls")),
    path("signalering/", include("notifications.urls")),
    path("zoeken/", include("knowledgebase.urls")),
    path("", include("advocacy.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages: Wagtail's serve view, routed in a constant number of queries (home/routing.py),
# under the same name as Wagtail's own. Of Wagtail's other front-end URLs, the form that
# unlocks a password-protected page is kept; Wagtail's own login form (a password alone,
# no second factor) is not: its name leads to the portal's login, which asks for both.
urlpatterns += [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("_util/login/", routing.frontend_login, name="wagtailcore_login"),
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
]
