"""Login through an OpenID Connect provider (VNeID in real deployments), built on mozilla-django-oidc.

config: the provider from settings (MOTCUA_OIDC_*), its endpoints given or discovered; backend: the authorization
code flow with every ID-token check; linking: from verified claims to a citizen account; views: the two pages.
"""
