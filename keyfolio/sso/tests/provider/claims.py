from keyfolio.sso.tests.provider.people import PEOPLE


def userinfo(claims, user):
    """The standard claims of one of PEOPLE (OIDC_USERINFO of django-oidc-provider)."""
    email, name, verified = PEOPLE[user.username]
    claims.update(email=email, email_verified=verified, name=name)
    return claims
