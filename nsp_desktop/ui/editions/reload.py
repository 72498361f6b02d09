"""Show another edition of the toolkit in a window that is open: every part that read the old
one reads the new one, the person's place and progress kept where the pages still exist.

A function over the window's public parts rather than a method of it: only the editions
feature swaps the toolkit under a running window, and the window stays layout and actions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nsp_desktop.core.models import Toolkit

if TYPE_CHECKING:
    from nsp_desktop.ui.main_window import MainWindow


def reload_toolkit(window: MainWindow, toolkit: Toolkit) -> None:
    """Put `toolkit` in `window`: contents, page, search (its index rebuilt), panels, dashboard."""
    if window.reading.meeting:
        window.reading.set_meeting(False)
    window.toolkit = toolkit
    window.reader.content_root = toolkit.root  # images only from the new content folder
    window.legend.setText(f"✓ {toolkit.preempted_legend}")
    window.preempted_only.setToolTip(toolkit.preempted_legend)
    window.contents.rebuild(toolkit)
    window.contents.set_preempted_only(window.preempted_only.isChecked())
    window.reading.set_toolkit(toolkit)
    window.search.restart(toolkit)

    pages = window.pages
    pages.toolkit = toolkit
    pages.history.keep_only(pages.known)  # Back never leads to a page this edition lacks
    if pages.current() is None:
        pages.open(toolkit.introduction.id)

    tracking = window.tracking
    dashboard = tracking.dashboard
    tracking.toolkit = toolkit
    if dashboard is not None:  # built for the old priorities: built again when next shown
        was_open = dashboard.isVisible()
        tracking.dashboard = None
        dashboard.close()
        dashboard.deleteLater()
        if was_open:
            tracking.show_dashboard()
    tracking.reload()  # progress in the contents, panels and page (redrawn), from the store
