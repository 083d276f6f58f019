"""API tokens: knox's token with a name, a public id and the time of its last use."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS


class ApiToken(AbstractAuthToken):
    """A token a user made for a client. Only its SHA-512 digest is stored; `token_key` is its
    first characters, enough to recognise it in a list and useless to authenticate.

    The digest is knox's primary key; here it is an ordinary unique column, so that pages, the
    admin site and their URLs name a token by `uid` and never show the digest."""

    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.token_key}… ({self.name})"
