from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Company, CompanyAlias, Journey, ModerationEvent, Step, StoryFlag, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "email_verified_at", "is_staff", "date_joined"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password", "email_verified_at"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    list_filter = ["is_staff", "groups"]
    filter_horizontal = ["groups"]


class CompanyAliasInline(admin.TabularInline):
    model = CompanyAlias
    extra = 1


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "status", "website_domain"]
    list_filter = ["sector", "status"]
    search_fields = ["name", "aliases__name"]
    inlines = [CompanyAliasInline]
    readonly_fields = ["suggested_by", "merged_into"]


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ["id", "company", "goal", "status", "moderation_state", "score"]
    list_filter = ["moderation_state", "status", "company__sector"]
    list_select_related = ["company"]
    raw_id_fields = ["owner", "company"]
    inlines = [StepInline]


# --- Moderation --------------------------------------------------------------------------------


@admin.register(ModerationEvent)
class ModerationEventAdmin(admin.ModelAdmin):
    """The audit log is append-only: readable here, never added to, changed or deleted."""

    list_display = ["created_at", "action", "journey_id", "company", "reason"]
    list_filter = ["action"]
    list_select_related = ["company"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StoryFlag)
class StoryFlagAdmin(admin.ModelAdmin):
    list_display = ["created_at", "journey_id", "reason", "status"]
    list_filter = ["status", "reason"]
    # The reporter's account is not shown: moderators know reporters only by pseudonym.
    fields = ["journey", "reason", "note", "status", "created_at", "resolved_at"]
    readonly_fields = ["journey", "reason", "note", "created_at"]

    def has_add_permission(self, request):
        return False
