"""Thin django-q2 tasks of the community app."""


def expire_unverified_accounts():
    from .accounts_services import expire_unverified_accounts as expire

    return expire()
