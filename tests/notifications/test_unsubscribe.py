import pytest
from django.urls import reverse

from community.models import Membership
from notifications.tokens import make_unsubscribe_token
from tests.factories import make_group, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree):
    group = make_group("Politiebestel")
    other = make_group("Veiligheidsbeleid")
    user = member_of(group, frequency="daily")
    member_of(other, user=user, frequency="daily")
    return user, group, other


def test_one_click_post_unsubscribes_exactly_that_group_and_is_idempotent(client, setup):
    user, group, other = setup
    url = reverse("notifications:unsubscribe", args=[make_unsubscribe_token(user, group)])
    for _ in range(2):
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
    assert Membership.objects.get(user=user, group=group).signal_frequency == "never"
    assert Membership.objects.get(user=user, group=other).signal_frequency == "daily"


def test_get_shows_confirmation_and_changes_nothing(client, setup):
    user, group, _ = setup
    url = reverse("notifications:unsubscribe", args=[make_unsubscribe_token(user, group)])
    response = client.get(url)
    assert response.status_code == 200
    assert "Afmelden voor de signaleringsmail" in response.content.decode()
    assert Membership.objects.get(user=user, group=group).signal_frequency == "daily"


def test_unsubscribe_all(client, setup):
    user, _, _ = setup
    client.post(reverse("notifications:unsubscribe", args=[make_unsubscribe_token(user)]))
    user.refresh_from_db()
    assert user.signals_paused


def test_altered_token_changes_nothing(client, setup):
    user, group, _ = setup
    token = make_unsubscribe_token(user, group)
    altered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    response = client.post(reverse("notifications:unsubscribe", args=[altered]))
    assert response.status_code == 400
    assert Membership.objects.get(user=user, group=group).signal_frequency == "daily"
