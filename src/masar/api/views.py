"""The "API tokens" page: every signed-in user makes, lists and revokes their own tokens."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, actions, queries
from .forms import ApiTokenForm


@login_required
def tokens(request):
    """List the user's tokens; on a valid POST make one and show it, on this answer only."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, clear = actions.create_api_token(
            request.user, form.cleaned_data["name"], form.cleaned_data["days"]
        )
        return render(request, "api/token_created.html", {"token": token, "clear": clear})
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": queries.list_api_tokens(request.user)},
    )


@login_required
@require_POST
def revoke(request, uid: UUID):
    actions.revoke_api_token(access.get_own_api_token(request.user, uid))
    messages.success(request, _("The token is revoked."))
    return redirect("api-tokens")
