"""Private file storage: outside MEDIA_ROOT and without URLs. Files of groups are served
only through community.views.attachment_download (which asks community.access)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; use the download view.")


class DocumentStorage(PrivateStorage):
    """Wagtail documents of the knowledge base: beside the group files, outside MEDIA_ROOT, so
    no web server setting can hand them out. Wagtail's serve view (which asks
    knowledgebase's audience rules and Wagtail's privacy settings) is their only way out; it
    takes NotImplementedError from url() to mean "no direct address"."""

    def url(self, name):
        raise NotImplementedError("Documents have no direct URL; use Wagtail's serve view.")
