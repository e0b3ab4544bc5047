"""Whose token is this, and which tokens a member has."""

from keyfolio.api.models import ApiToken
from keyfolio.workspaces.models import Membership


def tokens_of(membership: Membership):
    """The member's tokens in the workspace, revoked ones too, newest first."""
    return ApiToken.objects.filter(user_id=membership.user_id, workspace_id=membership.workspace_id)


def token_for(membership: Membership, pk: int) -> ApiToken | None:
    return tokens_of(membership).filter(pk=pk).first()


def membership_for_token(hashed: str) -> tuple[ApiToken, Membership] | None:
    """The live token with this hash and the membership it acts as (two queries), or None:
    no such token, revoked, or its person no longer an active member there."""
    token = ApiToken.objects.live().filter(token_hash=hashed).first()
    if token is None:
        return None
    membership = (
        Membership.objects.select_related("user", "workspace")
        .filter(user_id=token.user_id, workspace_id=token.workspace_id, user__is_active=True)
        .first()
    )
    return None if membership is None else (token, membership)
