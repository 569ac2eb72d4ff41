from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
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

urlpatterns += [path("", include(wagtail_urls))]
