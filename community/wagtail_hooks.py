from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import Folder, Membership, Organisation


class OrganisationAdmin(ModelAdmin):
    model = Organisation
    menu_label = _("Organisaties")
    menu_icon = "group"
    list_display = ("name", "kind", "code", "province", "domain_list", "is_active")
    list_filter = ("kind", "is_active", "province")
    search_fields = ("name", "code", "domains__domain")
    ordering = ("name",)

    def domain_list(self, obj):
        return ", ".join(d.domain for d in obj.domains.all())

    domain_list.short_description = _("e-maildomeinen")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("domains")


class FolderAdmin(ModelAdmin):
    model = Folder
    menu_label = _("Mappen")
    menu_icon = "folder-open-inverse"
    list_display = ("title", "group", "position", "is_archived")
    list_filter = ("is_archived",)
    search_fields = ("title", "group__title")


class MembershipAdmin(ModelAdmin):
    model = Membership
    menu_label = _("Lidmaatschappen")
    menu_icon = "user"
    list_display = ("user", "group", "role", "signal_frequency", "created_at")
    list_filter = ("role", "signal_frequency")
    search_fields = ("user__email", "user__first_name", "user__last_name", "group__title")


class CommunityGroup(ModelAdminGroup):
    menu_label = _("Netwerk")
    menu_icon = "group"
    menu_order = 200
    items = (OrganisationAdmin, FolderAdmin, MembershipAdmin)


modeladmin_register(CommunityGroup)
