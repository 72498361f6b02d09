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


def window_stylesheet(theme: Theme) -> str:
    """Every colour the window's own widgets draw with, from `theme`, set all at once.

    Once a window has a style sheet, Qt restores a widget's saved palette whenever the sheet
    is re-applied, so a palette set on one widget goes stale after a live theme switch. Hence
    the page and the panels take their colours from here, and nowhere else, after the first
    paint. A visible focus ring on every control a keyboard user moves through, and check boxes
    drawn in the theme's colours (the style's own boxes all but vanish on a dark panel).
    """
    # deferred: only after the first paint, with the style sheet
    from nsp_desktop.core import paths
    from nsp_desktop.core.themes import check_mark_colour

    t = theme
    mark = paths.resources_dir() / "icons" / f"check-{check_mark_colour(t)}.svg"
    return f"""
QCheckBox::indicator, QListView::indicator, QTreeView::indicator, QTableView::indicator {{
    width: 14px; height: 14px; border: 2px solid {t.muted}; border-radius: 3px;
    background: {t.page}; }}
QCheckBox::indicator:checked, QListView::indicator:checked, QTreeView::indicator:checked,
QTableView::indicator:checked {{
    background: {t.focus}; border-color: {t.focus}; image: url("{mark.as_posix()}"); }}
QLineEdit, QPlainTextEdit {{
    background: {t.panel}; color: {t.text}; border: 1px solid {t.muted}; border-radius: 3px;
    padding: 2px 3px; }}
QRadioButton::indicator {{
    width: 12px; height: 12px; border: 2px solid {t.muted}; border-radius: 8px;
    background: {t.page}; }}
QRadioButton::indicator:checked {{ background: {t.focus}; border-color: {t.focus}; }}
QTreeView:focus, QTextBrowser:focus, QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus,
QTableView:focus, QListView:focus, QDateEdit:focus {{ border: 2px solid {t.focus}; }}
QPushButton:focus, QToolButton:focus, QCheckBox:focus {{ outline: 2px solid {t.focus}; }}
QTreeView, QTextBrowser {{ border: 2px solid transparent; }}
QTextBrowser {{ background-color: {t.page}; color: {t.text}; }}
QTreeView::item {{ padding: 4px 2px; }}
QLabel#legend {{ color: {t.muted}; }}
QLabel#meetingBar {{
    color: {t.text}; background: {t.window}; padding: 8px 24px; font-size: 12pt; }}
QToolBar {{ border: none; spacing: 6px; padding: 4px; }}
QTableView {{ border: 1px solid {t.muted}; gridline-color: {t.window}; }}
QHeaderView::section {{
    padding: 5px 8px; font-weight: 600; background: {t.window}; color: {t.text};
    border: none; border-bottom: 1px solid {t.muted}; }}
{_side(t)}"""


def _side(t: Theme) -> str:
    """The tracking column: checklist, notes and the progress bar, in the theme's colours."""
    return f"""
QWidget#trackingSide QLabel#panelTitle {{ font-weight: 700; font-size: 11pt; padding-top: 2px; }}
QWidget#trackingSide QLabel#panelMeta, QLabel#progressLabel {{ color: {t.muted}; }}
QWidget#trackingSide QLabel#panelPlaceholder {{ padding: 14px; }}
QWidget#trackingSide QListWidget {{
    background: {t.panel}; color: {t.text}; border: 1px solid {t.muted}; border-radius: 4px;
    padding: 2px; }}
QWidget#trackingSide QListWidget::item {{
    padding-top: 4px; padding-bottom: 4px; border-bottom: 1px solid {t.window}; }}
QWidget#trackingSide QListWidget::item:selected {{
    background: {t.selection_bg}; color: {t.selection_fg}; }}
QWidget#trackingSide QPlainTextEdit {{
    background: {t.panel}; color: {t.text}; border: 1px solid {t.muted}; border-radius: 4px;
    padding: 4px; }}
QWidget#trackingSide QProgressBar {{
    border: 1px solid {t.muted}; border-radius: 4px; background: {t.panel}; max-height: 10px; }}
QWidget#trackingSide QProgressBar::chunk {{ background: {t.focus}; border-radius: 3px; }}
"""
