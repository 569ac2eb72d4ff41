"""The fast formatting tags of the discussion pages give what Django's own filters gave."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation

from community.templatetags.discussion_tags import post_time, replies, short_datetime

UTC = ZoneInfo("UTC")


@pytest.mark.parametrize("moment", [
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),   # night of the switch to summer time
    datetime(2026, 10, 25, 1, 5, tzinfo=UTC),   # and back
    datetime(2026, 12, 4, 7, 9, tzinfo=UTC),
    datetime(2027, 1, 1, 23, 59, tzinfo=UTC),
])
def test_short_datetime_matches_django_date_in_amsterdam(moment):
    with translation.override("nl"), timezone.override("Europe/Amsterdam"):
        local = timezone.localtime(moment)  # templates hand Django's date filter local time
        assert short_datetime(moment) == django_date(local, "j F Y H:i")
        assert short_datetime(moment, "om") == django_date(local, r"j F Y \o\m H:i")
        html = post_time(moment, "om")
        assert html == (f'<time datetime="{django_date(local, "c")}">'
                        f'{django_date(local, "j F Y")} om {django_date(local, "H:i")}</time>')


def test_short_datetime_of_nothing_is_empty():
    assert short_datetime(None) == ""


def test_replies_counts_in_dutch():
    with translation.override("nl"):
        assert [replies(n) for n in (0, 1, 2, 1000)] == [
            "0 reacties", "1 reactie", "2 reacties", "1000 reacties"]


class _Post:
    def __init__(self, **flags):
        self.pk = 7
        self.is_hidden = flags.pop("is_hidden", False)
        self.is_removed = flags.pop("is_removed", False)
        self.can_quote = self.can_edit = self.can_report = False
        for name, value in flags.items():
            setattr(self, name, value)


def _actions(post, can_moderate=False):
    template = Template("{% load discussion_tags %}{% post_actions post 3 %}")
    return template.render(Context({"post": post, "group_url": "/groepen/g/",
                                    "can_moderate": can_moderate, "csrf_token": "tok<en>"}))


def test_post_actions_show_only_what_the_flags_allow():
    assert _actions(_Post()) == ""
    html = _actions(_Post(can_quote=True, can_report=True))
    assert 'href="?citeer=7#reageren"' in html and "/groepen/g/bericht/7/melden/" in html
    assert "bewerken" not in html and "<form" not in html
    assert "Citeren<span class=\"portal-visually-hidden\"> bericht 3</span>" in html
    own = _actions(_Post(can_edit=True))
    assert "/bericht/7/bewerken/" in own and "/bericht/7/verwijderen/" in own


def test_post_actions_for_moderators_carry_the_form_token_escaped():
    html = _actions(_Post(is_hidden=True), can_moderate=True)
    assert 'value="restore"' in html and 'value="tok&lt;en&gt;"' in html
    assert 'value="hide"' in _actions(_Post(), can_moderate=True)
    assert _actions(_Post(is_removed=True), can_moderate=True) == ""
