"""The calendar feed as calendar apps read it (issue 19 review)."""

from mentoring.models import CalendarFeed


def test_a_calendar_app_may_check_the_feed_address_with_head_and_a_revoked_one_is_404(
    cast, client_for
):
    feed = CalendarFeed.objects.create(user=cast.mentor, secret=CalendarFeed.new_secret())
    client = client_for(cast.mentee)
    url = f"/calendar/{feed.pk}/{feed.token}.ics"
    head = client.head(url)
    assert head.status_code == 200
    assert head["Content-Type"].startswith("text/calendar")
    assert client.post(url).status_code == 405
    feed.delete()
    assert client.head(url).status_code == 404
