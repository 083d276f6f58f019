from django.utils import timezone
from rest_framework import serializers

from masar.core.api_fields import CodeField
from masar.geo.models import AdminArea

from .models import Ticket

TICKET_INPUT_FIELDS = [
    "channel", "received_at", "type", "sensitivity", "governorate", "household", "programme",
    "sector", "contact_preference", "contact_name", "contact_phone", "contact_email",
    "description", "language", "priority",
]  # fmt: skip


class TicketSerializer(serializers.ModelSerializer):
    governorate = serializers.CharField(source="governorate.pcode", default=None, read_only=True)
    household = serializers.UUIDField(source="household.uid", default=None, read_only=True)
    assigned_to = serializers.CharField(source="assigned_to.username", default=None, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "uid", "reference", "status", *TICKET_INPUT_FIELDS, "assigned_to", "response_due",
            "response", "response_method", "responded_at", "no_response_possible", "version",
            "overdue",
        ]  # fmt: skip
        read_only_fields = fields

    def get_overdue(self, ticket: Ticket) -> bool:
        return ticket.overdue()


class CreateTicketSerializer(serializers.ModelSerializer):
    """A ticket posted by a call-centre system (or any client): codes for the governorate and
    the household's public UUID, never internal ids."""

    governorate = CodeField(
        slug_field="pcode",
        queryset=AdminArea.objects.filter(level=1),
        required=False,
        allow_null=True,
    )
    household = serializers.UUIDField(required=False, allow_null=True)
    received_at = serializers.DateTimeField(default=timezone.now)

    class Meta:
        model = Ticket
        fields = TICKET_INPUT_FIELDS


class TicketSearchSerializer(serializers.Serializer):
    """A ticket search's body: posted, never in the query string (it names people)."""

    search = serializers.CharField(max_length=200, allow_blank=True, trim_whitespace=True)
