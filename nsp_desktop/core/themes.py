"""Colour themes for the window and the page, with the WCAG contrast arithmetic that checks them."""

from __future__ import annotations

from typing import NamedTuple


class Theme(NamedTuple):
    """Every colour the app draws with; the reading CSS and the Qt palette are built from these."""

    id: str
    name: str
    window: str  # window and toolbar background
    panel: str  # contents and side panels
    page: str  # reading page background
    text: str
    muted: str  # secondary text: kickers, counts, captions
    heading: str
    link: str
    resource: str  # named companion resources (not part of this edition)
    check_bg: str  # the ✓ badge
    check_fg: str
    done: str  # a ticked box
    selection_bg: str
    selection_fg: str
    focus: str  # focus indicator and control borders
    box_bg: str  # the companion-resources box


LIGHT = Theme(
    id="light",
    name="Light",
    window="#eceef1",
    panel="#f4f5f7",
    page="#ffffff",
    text="#1f2328",
    muted="#545d68",
    heading="#14213d",
    link="#1d4ed8",
    resource="#7a4b00",
    check_bg="#dcfce7",
    check_fg="#14532d",
    done="#15803d",
    selection_bg="#1d4ed8",
    selection_fg="#ffffff",
    focus="#1d4ed8",
    box_bg="#f6f4ee",
)

DARK = Theme(
    id="dark",
    name="Dark",
    window="#1b1e23",
    panel="#202429",
    page="#16181c",
    text="#e6e8eb",
    muted="#a9b1bb",
    heading="#f2f4f7",
    link="#8ab4ff",
    resource="#f0b866",
    check_bg="#173d26",
    check_fg="#bbf7d0",
    done="#4ade80",
    selection_bg="#8ab4ff",
    selection_fg="#0b0d10",
    focus="#8ab4ff",
    box_bg="#24272c",
)

HIGH_CONTRAST = Theme(
    id="high-contrast",
    name="High contrast",
    window="#000000",
    panel="#000000",
    page="#000000",
    text="#ffffff",
    muted="#ffffff",
    heading="#ffff00",
    link="#00ffff",
    resource="#ffff00",
    check_bg="#ffffff",
    check_fg="#000000",
    done="#00ff00",
    selection_bg="#ffff00",
    selection_fg="#000000",
    focus="#ffff00",
    box_bg="#000000",
)

THEMES = {theme.id: theme for theme in (LIGHT, DARK, HIGH_CONTRAST)}
SYSTEM = "system"  # follow the system's light or dark preference


def resolve(theme_id: str, system_is_dark: bool) -> Theme:
    """The theme to draw with for a saved choice (an unknown choice falls back to the system's)."""
    if theme_id in THEMES:
        return THEMES[theme_id]
    return DARK if system_is_dark else LIGHT


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_pairs(theme: Theme) -> dict[str, tuple[str, str]]:
    """Every text colour on the background it is drawn on (needs 4.5:1)."""
    t = theme
    return {
        "page text": (t.text, t.page),
        "page heading": (t.heading, t.page),
        "page muted": (t.muted, t.page),
        "page link": (t.link, t.page),
        "page resource": (t.resource, t.page),
        "page done box": (t.done, t.page),
        "check badge": (t.check_fg, t.check_bg),
        "resource box text": (t.text, t.box_bg),
        "panel text": (t.text, t.panel),
        "panel muted": (t.muted, t.panel),
        "window text": (t.text, t.window),
        "selected text": (t.selection_fg, t.selection_bg),
    }


def check_mark_colour(theme: Theme) -> str:
    """ "white" or "black": the mark that stands out on a ticked box (filled with `focus`)."""
    on_white = contrast_ratio("#ffffff", theme.focus)
    return "white" if on_white >= contrast_ratio("#000000", theme.focus) else "black"


def ui_pairs(theme: Theme) -> dict[str, tuple[str, str]]:
    """User-interface parts against what surrounds them (needs 3:1)."""
    t = theme
    return {
        "focus on page": (t.focus, t.page),
        "focus on panel": (t.focus, t.panel),
        "focus on window": (t.focus, t.window),
        "selection on panel": (t.selection_bg, t.panel),
        "check box border on panel": (t.muted, t.panel),
        "check box border on its fill": (t.muted, t.page),
        "ticked box on panel": (t.focus, t.panel),
        "check mark on ticked box": (
            "#ffffff" if check_mark_colour(t) == "white" else "#000000",
            t.focus,
        ),
    }


def reading_css(theme: Theme, base_pt: float) -> str:
    """The page stylesheet for QTextBrowser (Qt's rich-text subset of CSS)."""
    t = theme
    return f"""
body {{ color: {t.text}; background-color: {t.page}; font-size: {base_pt:.1f}pt; }}
h1 {{ font-size: 170%; font-weight: 600; color: {t.heading}; margin-top: 4px; margin-bottom: 10px; }}
h2 {{ font-size: 130%; font-weight: 600; color: {t.heading}; margin-top: 22px; margin-bottom: 6px; }}
p {{ margin-top: 0px; margin-bottom: 12px; line-height: 150%; }}
li {{ margin-bottom: 6px; line-height: 150%; }}
ul, ol {{ margin-top: 2px; margin-bottom: 12px; }}
a {{ color: {t.link}; text-decoration: none; }}
a.resource {{ color: {t.resource}; text-decoration: underline; }}
a.box {{ color: {t.heading}; font-weight: 600; text-decoration: none; }}
a.done {{ color: {t.done}; }}
p.kicker {{ font-size: 85%; font-weight: 600; color: {t.muted}; margin-bottom: 2px; }}
p.kicker a {{ color: {t.muted}; }}
p.badge {{ margin-bottom: 16px; }}
span.check {{ background-color: {t.check_bg}; color: {t.check_fg}; font-weight: 700; }}
span.legend {{ color: {t.muted}; font-style: italic; }}
span.meta, p.meta {{ color: {t.muted}; }}
table.resources {{ background-color: {t.box_bg}; margin-top: 18px; }}
kbd {{ font-family: monospace; font-weight: 600; }}
"""
