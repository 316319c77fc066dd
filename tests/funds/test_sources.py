"""A commitment names its source in words and links to it; unknown kinds show as stored."""

from innovation.funds import sources


def test_registered_sources_have_labels_and_pages():
    assert sources._SOURCES["award_share"].label == "获奖成果奖金"
    assert sources._SOURCES["studio_subsidy"].label == "工作室补助"


def test_unknown_kind_is_shown_as_stored():
    assert sources.describe("something_else", 7) == ("something_else#7", None)


def test_a_removed_source_keeps_its_label(db):
    label, url = sources.describe("award_share", 999_999)
    assert (label, url) == ("获奖成果奖金（第999999号）", None)
