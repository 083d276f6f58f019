"""The admin site's user list gains a one-time set-password link, so that an administrator
resets a password without choosing or seeing it."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .actions_security import set_password_path

User = get_user_model()


@admin.action(description=_("Make a one-time set-password link"))
def make_set_password_link(modeladmin, request, queryset):
    for user in queryset:
        link = request.build_absolute_uri(set_password_path(user))
        messages.info(
            request,
            _("Give %(user)s this one-time link to choose a new password: %(link)s")
            % {"user": user.get_username(), "link": link},
        )


class MasarUserAdmin(UserAdmin):
    actions = [*(UserAdmin.actions or []), make_set_password_link]


admin.site.unregister(User)
admin.site.register(User, MasarUserAdmin)
