"""Every theme meets WCAG AA: 4.5:1 for text, 3:1 for user-interface parts."""

import pytest

from nsp_desktop.core import themes


def test_contrast_arithmetic_matches_wcag():
    assert themes.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert themes.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert themes.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def _below(pairs: dict[str, tuple[str, str]], minimum: float) -> dict[str, float]:
    ratios = {name: themes.contrast_ratio(fg, bg) for name, (fg, bg) in pairs.items()}
    return {name: round(ratio, 2) for name, ratio in ratios.items() if ratio < minimum}


@pytest.mark.parametrize("theme", themes.THEMES.values(), ids=lambda t: t.id)
def test_text_meets_aa(theme):
    assert _below(themes.text_pairs(theme), 4.5) == {}


@pytest.mark.parametrize("theme", themes.THEMES.values(), ids=lambda t: t.id)
def test_ui_parts_meet_aa(theme):
    assert _below(themes.ui_pairs(theme), 3.0) == {}


@pytest.mark.parametrize("theme", themes.THEMES.values(), ids=lambda t: t.id)
def test_the_page_stylesheet_uses_only_checked_colours(theme):
    css = themes.reading_css(theme, 12)
    checked = {c for pair in themes.text_pairs(theme).values() for c in pair}
    used = {word.rstrip(";") for word in css.split() if word.startswith("#")}
    assert used <= checked


def test_follow_the_system():
    assert themes.resolve("system", system_is_dark=True) is themes.DARK
    assert themes.resolve("system", system_is_dark=False) is themes.LIGHT
    assert themes.resolve("high-contrast", system_is_dark=False) is themes.HIGH_CONTRAST
