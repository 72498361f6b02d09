"""Applies a colour theme to the application: a Qt palette, the page stylesheet and focus rings."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from nsp_desktop.core.themes import Theme

_system_dark: bool | None = None


def system_is_dark() -> bool:
    """Whether the desktop's own palette is dark, read once before the app sets its palette.

    (Reading the palette rather than Qt.ColorScheme keeps the Qt namespace, ~20 ms to build,
    out of start-up.)
    """
    global _system_dark
    if _system_dark is None:
        _system_dark = QGuiApplication.palette().window().color().lightness() < 128
    return _system_dark


def palette_for(theme: Theme) -> QPalette:
    role = QPalette.ColorRole
    palette = QPalette()
    colours = {
        role.Window: theme.window,
        role.WindowText: theme.text,
        role.Base: theme.panel,
        role.AlternateBase: theme.window,
        role.Text: theme.text,
        role.Button: theme.window,
        role.ButtonText: theme.text,
        role.ToolTipBase: theme.page,
        role.ToolTipText: theme.text,
        role.PlaceholderText: theme.muted,
        role.Highlight: theme.selection_bg,
        role.HighlightedText: theme.selection_fg,
        role.Link: theme.link,
        role.BrightText: theme.heading,
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, colour_role, QColor(theme.muted))
    return palette


def focus_stylesheet(theme: Theme) -> str:
    """A visible focus ring on every control a keyboard user moves through, and check boxes
    drawn in the theme's colours (the style's own boxes all but vanish on a dark panel)."""
    from nsp_desktop.core import paths
    from nsp_desktop.core.themes import check_mark_colour

    mark = paths.resources_dir() / "icons" / f"check-{check_mark_colour(theme)}.svg"
    return f"""
QCheckBox::indicator, QListView::indicator, QTreeView::indicator, QTableView::indicator {{
    width: 14px; height: 14px; border: 2px solid {theme.muted}; border-radius: 3px;
    background: {theme.page}; }}
QCheckBox::indicator:checked, QListView::indicator:checked, QTreeView::indicator:checked,
QTableView::indicator:checked {{
    background: {theme.focus}; border-color: {theme.focus}; image: url("{mark.as_posix()}"); }}
QTreeView:focus, QTextBrowser:focus, QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus,
QTableView:focus, QListView:focus, QDateEdit:focus {{ border: 2px solid {theme.focus}; }}
QPushButton:focus, QToolButton:focus, QCheckBox:focus {{ outline: 2px solid {theme.focus}; }}
QTreeView, QTextBrowser {{ border: 2px solid transparent; }}
QTreeView::item {{ padding: 4px 2px; }}
QToolBar {{ border: none; spacing: 6px; padding: 4px; }}
"""
