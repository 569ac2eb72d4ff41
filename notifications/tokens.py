"""Signed, expiring tokens for unsubscribe links: they name one member and one group (or
all groups) and cannot be altered to reach anyone else's settings."""

from django.core import signing

SALT = "notifications.unsubscribe"
MAX_AGE = 60 * 60 * 24 * 90  # 90 days: a mail from last quarter still works


def make_unsubscribe_token(user, group=None) -> str:
    return signing.dumps({"u": user.pk, "g": group.pk if group else None}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str):
    """Returns (user_id, group_id or None). Raises signing.BadSignature (expired included)."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    return int(data["u"]), (int(data["g"]) if data.get("g") is not None else None)
