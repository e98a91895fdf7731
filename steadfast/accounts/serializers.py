from __future__ import annotations

from rest_framework import serializers

from steadfast.organisations.models import Membership


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    organisation = serializers.CharField(source="organisation.slug", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    team = serializers.CharField(source="team.name", read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["organisation", "organisation_name", "role", "team"]


class MeSerializer(serializers.Serializer[object]):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    memberships = MembershipSerializer(many=True)
