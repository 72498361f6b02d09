"""A missing search cache (every first start) is built quietly; a damaged one is logged."""

import logging

from nsp_desktop.core.search.index import SearchIndex


def test_a_missing_cache_is_built_without_a_line_in_the_log(toolkit, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    assert SearchIndex.load(tmp_path / "search-x.json", toolkit) is None
    assert caplog.records == []


def test_a_damaged_cache_is_logged_and_rebuilt(toolkit, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    (tmp_path / "search-x.json").write_text("{not json", encoding="utf-8")
    assert SearchIndex.load(tmp_path / "search-x.json", toolkit) is None
    assert any("not usable; rebuilding" in r.getMessage() for r in caplog.records)
