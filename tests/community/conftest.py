import pytest


@pytest.fixture
def immediate_on_commit(monkeypatch):
    """Run transaction.on_commit callbacks at once. Tests run inside a transaction that
    never commits; the account mails are sent on commit."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
