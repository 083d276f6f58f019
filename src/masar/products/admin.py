"""The release log on the admin site, read only: releases are made by `masar release_round`
and never changed, so nothing here adds, edits or deletes one. The protected tables' true
counts (`Release.protection`) are not shown."""

from django.contrib import admin

from .models import Release, ReleaseFile, RoundReport


class ReleaseFileInline(admin.TabularInline):
    model = ReleaseFile
    fields = ("name", "sha256", "size")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ("round", "number", "created_by", "created_at", "supersedes")
    fields = ("uid", "round", "number", "supersedes", "note", "changes", "folder", "threshold",
              "created_by", "created_at")  # fmt: skip
    readonly_fields = fields
    list_select_related = ("round", "created_by", "supersedes__round")
    inlines = [ReleaseFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoundReport)
class RoundReportAdmin(admin.ModelAdmin):
    """The rounds' PDF reports, read only: printed by the background job or the command."""

    list_display = ("round", "language", "size", "generated_by", "generated_at")
    fields = ("round", "language", "path", "sha256", "size", "generated_by", "generated_at")
    readonly_fields = fields
    list_select_related = ("round", "generated_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
