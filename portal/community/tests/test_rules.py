"""The community's plain rules: links, the active-until window, work only offered, shown status, matching."""

from datetime import date

import pytest

from portal.community import rules


@pytest.mark.parametrize(
    "link",
    [
        "http://example.com",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/file",
        "//example.com",
        "example.com",
        "https://",
        "https://exa mple.com",
        "https://[::1",
        " javascript:alert(1)",
    ],
)
def test_only_https_links_are_accepted(link):
    assert rules.https_problem(link)


@pytest.mark.parametrize("link", ["", "https://example.com", "HTTPS://example.com/path?q=1#x", "https://münchen.de/"])
def test_https_links_pass(link):
    assert rules.https_problem(link) == ""


def test_active_until_must_lie_between_today_and_six_months_ahead():
    today = date(2027, 1, 31)
    assert rules.active_until_problem(None, today)
    assert rules.active_until_problem(date(2027, 1, 30), today)
    assert rules.active_until_problem(today, today) == ""
    assert rules.latest_active_until(today) == date(2027, 7, 31)
    assert rules.active_until_problem(date(2027, 7, 31), today) == ""
    assert rules.active_until_problem(date(2027, 8, 1), today)


def test_work_is_only_offered():
    assert rules.kind_problem("search", "work")
    assert rules.kind_problem("offer", "work") == ""
    assert rules.kind_problem("search", "education") == ""
    assert rules.kind_problem("sell", "education")
    assert rules.kind_problem("offer", "jobs")


def test_a_published_post_past_its_day_shows_as_expired():
    today = date(2027, 3, 10)
    assert rules.shown_status("active", date(2027, 3, 10), today).value == "active"
    expired = rules.shown_status("active", date(2027, 3, 9), today)
    assert expired.value == "expired" and expired.tone == "ended"
    assert rules.shown_status("submitted", date(2027, 3, 9), today).value == "submitted"
    assert rules.shown_status("rejected", date(2027, 3, 9), today).tone == "rejected"


def test_a_subscription_matches_chosen_categories_and_sectors():
    assert not rules.matches([], [], category="work", sector="music")
    assert rules.matches(["work"], [], category="work", sector="music")
    assert not rules.matches(["work"], [], category="education", sector="music")
    assert rules.matches([], ["music"], category="resource", sector="music")
    assert rules.matches(["work", "resource"], ["music"], category="resource", sector="music")
    assert not rules.matches(["work"], ["design"], category="work", sector="music")


def test_unknown_choices_are_dropped_and_kept_in_order():
    assert rules.clean_choices(["resource", "x", "work", "work"], rules.CATEGORY_VALUES) == ["work", "resource"]
