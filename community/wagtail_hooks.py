from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from home.modeladmin import PortalModelAdmin

from . import access
from .models import Application, Folder, Invitation, Membership, Organisation


class OrganisationAdmin(PortalModelAdmin):
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


class FolderAdmin(PortalModelAdmin):
    model = Folder
    menu_label = _("Mappen")
    menu_icon = "folder-open-inverse"
    list_display = ("title", "group", "position", "is_archived")
    list_filter = ("is_archived",)
    search_fields = ("title", "group__title")


class MembershipAdmin(PortalModelAdmin):
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


class ReviewOnlyPermissionHelper(PermissionHelper):
    """Applications are decided through the decision view (which mails the applicant),
    never edited, created or deleted directly."""

    def user_can_list(self, user):
        return access.can_review_applications(user)

    def user_can_inspect_obj(self, user, obj):
        return access.can_review_applications(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ApplicationAdmin(PortalModelAdmin):
    model = Application
    menu_label = _("Aanvragen")
    menu_icon = "mail"
    menu_order = 100
    permission_helper_class = ReviewOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("__str__", "organisation_name", "function", "status", "created_at", "decide_link")
    list_filter = ("status", "created_at")
    search_fields = ("first_name", "last_name", "email", "organisation_name")
    ordering = ("status", "-created_at")

    def decide_link(self, obj):
        if obj.status != Application.Status.PENDING:
            return obj.get_status_display()
        url = reverse("community_application_decide", args=[obj.pk])
        return format_html('<a class="button button-small" href="{}">{}</a>', url, _("Beoordelen"))

    decide_link.short_description = _("besluit")


class InvitationAdmin(PortalModelAdmin):
    model = Invitation
    menu_label = _("Uitnodigingen")
    menu_icon = "mail"
    permission_helper_class = ReviewOnlyPermissionHelper
    # Read-only like applications; without the inspect view the listing has no link to give
    # its rows (and fails as soon as there is one).
    inspect_view_enabled = True
    inspect_view_fields = ("email", "group", "invited_by", "created_at", "expires_at",
                           "accepted_at", "accepted_by")
    list_display = ("email", "group", "invited_by", "created_at", "expires_at", "accepted_at")
    list_filter = ("accepted_at",)
    search_fields = ("email", "group__title")


class AccountsGroup(ModelAdminGroup):
    menu_label = _("Toegang")
    menu_icon = "user"
    menu_order = 210
    items = (ApplicationAdmin, InvitationAdmin)


modeladmin_register(AccountsGroup)


@hooks.register("register_admin_urls")
def register_application_urls():
    from .admin_views import decide_application

    return [
        path("aanvragen/<int:pk>/beoordelen/", decide_application,
             name="community_application_decide"),
    ]


modeladmin_register(CommunityGroup)


@hooks.register("oov_editor_queues")
def community_queues(request):
    from .models import PostReport

    return [
        (_("Aanvragen die wachten"),
         Application.objects.filter(status=Application.Status.PENDING).count(),
         reverse("community_application_modeladmin_index") + "?status__exact=pending"),
        (_("Gemelde berichten"),
         PostReport.objects.filter(resolved_at__isnull=True).count(),
         reverse("community:moderation")),
    ]
