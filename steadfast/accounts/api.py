from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from steadfast.accounts.serializers import MeSerializer
from steadfast.organisations.selectors import memberships_for


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request: Request) -> Response:
    """The signed-in person and their roles in each organisation."""
    user = request.user
    data = {
        "email": user.email,  # type: ignore[union-attr]
        "full_name": user.full_name,  # type: ignore[union-attr]
        "memberships": memberships_for(user=user),
    }
    return Response(MeSerializer(data).data)
