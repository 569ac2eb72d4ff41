"""A ModelAdmin base for the CMS listings (wagtail-modeladmin) of every app.

wagtail-modeladmin renders boolean columns with Django admin's icons
(/static/admin/img/icon-yes.svg), but django.contrib.admin is not installed, so those
images do not exist. PortalModelAdmin shows every boolean model field in `list_display` as
"Ja" or "Nee" instead, with the field's own name as column header and its sorting intact; its
inspect view says "Ja"/"Nee" rather than "True"/"False".
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

YES_NO_SUFFIX = "_ja_nee"


def yes_no_column(field):
    def column(obj):
        return _("Ja") if getattr(obj, field.attname) else _("Nee")

    column.short_description = field.verbose_name
    column.admin_order_field = field.name
    return column


class PortalInspectView(InspectView):
    def get_field_display_value(self, field_name, field=None):
        value = super().get_field_display_value(field_name, field)
        if value is True or value is False:
            return _("Ja") if value else _("Nee")
        return value


class PortalModelAdmin(ModelAdmin):
    inspect_view_class = PortalInspectView

    def __init__(self, parent=None):
        super().__init__(parent)
        self._yes_no = {}
        for name in self.list_display:
            if not isinstance(name, str):
                continue
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, models.BooleanField):
                # An attribute of this instance: modeladmin looks list_display names up on
                # the ModelAdmin before the model (django.contrib.admin.utils.lookup_field).
                self._yes_no[name] = name + YES_NO_SUFFIX
                setattr(self, name + YES_NO_SUFFIX, yes_no_column(field))

    def get_list_display(self, request):
        return tuple(self._yes_no.get(name, name) if isinstance(name, str) else name
                     for name in super().get_list_display(request))
