"""API tokens on the admin site: administrators see whose tokens exist and revoke them.

Only harmless fields are shown (the first characters, the name, dates); never the digest. Tokens
are made by their owner on the "API tokens" page or by `masar create_api_token`, never here, so
no administrator ever holds another user's token."""

from django.contrib import admin

from .models import ApiToken

SHOWN = ("token_key", "name", "user", "created", "expiry", "last_used_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = SHOWN
    fields = SHOWN
    readonly_fields = SHOWN
    search_fields = ("token_key", "name", "user__username")
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
