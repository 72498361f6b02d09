"""Search in the main window: the box atop the left pane, the index built off the UI thread,
the user's notes kept in it, and hits opened with their words marked. A mixin of MainWindow."""

from __future__ import annotations

from nsp_desktop.core import paths
from nsp_desktop.ui.search.panel import SearchPanel


class SearchControls:
    """Needs the window's `toolkit`, `left`, `contents`, `reader`, `tracking` and menus."""

    def _build_search(self) -> None:
        """The search box atop the left pane; while a query is shown, results replace the contents."""
        self.search_panel = SearchPanel(self.toolkit)
        self.left.layout().insertWidget(0, self.search_panel)
        self.search_panel.hit_chosen.connect(self.open_search_hit)
        self.search_panel.active_changed.connect(self._search_active)
        self.search_panel.dismissed.connect(self.reader.setFocus)
        self.reader.textChanged.connect(self._clear_search_marks)
        self.first_painted.connect(
            lambda: self.search_panel.dress(str(paths.resources_dir() / "icons" / "search.svg"))
        )

    def _add_search_action(self) -> None:
        """Ctrl+K and / (with the window's other actions, after the first paint)."""
        self.search_action = self._action(self.tr("Search"), self.focus_search, ["Ctrl+K", "/"])
        self.search_action.setToolTip(self.tr("Search the toolkit (Ctrl+K or /)"))
        self.edit_menu.insertAction(self.edit_menu.actions()[0], self.search_action)

    def focus_search(self) -> None:
        if self.meeting:
            self.set_meeting(False)  # the search box lives in the left pane, hidden in a meeting
        self.search_panel.focus_box()

    def _search_active(self, active: bool) -> None:
        if active and self.preempted_only.isChecked():
            self.search_panel.check_filter.setChecked(True)  # reading ✓ only: search ✓ only
        for widget in (self.preempted_only, self.legend, self.contents):
            widget.setVisible(not active)

    def _clear_search_marks(self) -> None:
        if self._find_bar is None or not self._find_bar.isVisible():
            self.reader.setExtraSelections([])

    def start_search(self, cache_dir=None) -> None:
        """Load or build the search index off the UI thread; the box works once it arrives."""
        from nsp_desktop.ui import workers

        builder = self._search_worker = workers.SearchIndexBuilder(self.toolkit, cache_dir)
        builder.built.connect(self._search_built)
        builder.failed.connect(self._search_failed)
        workers.start(builder)

    def _search_built(self, index, problem: str) -> None:
        self._index_notes(index)
        self.tracking.notes_saved.connect(self._note_saved)
        self.tracking.workspace_changed.connect(lambda _: self._index_notes(index))
        self.search_panel.set_index(index)
        if problem:
            self.statusBar().showMessage(
                self.tr("The glossary has a problem; search works without it. {0}").format(problem)
            )

    def _index_notes(self, index) -> None:
        """Make the current workspace's notes searchable (and forget another workspace's)."""
        notes = self.tracking.store.notes(self.tracking.workspace_id)
        forgotten = dict.fromkeys(self._noted - notes.keys(), "")
        if notes or forgotten:  # re-indexing costs tens of ms: only when there is something
            index.set_notes({**forgotten, **notes})
        self._noted = set(notes)

    def _note_saved(self, workspace_id: int, policy_id: str) -> None:
        index = self.search_panel.index
        if index is not None and workspace_id == self.tracking.workspace_id:
            text = self.tracking.store.note(workspace_id, policy_id)
            index.set_note(policy_id, text)
            self._noted = (self._noted | {policy_id}) if text else (self._noted - {policy_id})

    def _search_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("Search is not available: {0}").format(message))

    def open_search_hit(self, page_id: str, terms: tuple[str, ...]) -> None:
        """Open a page from search, its matched words marked and the first one in view."""
        from nsp_desktop.ui.search.results import highlight_terms

        if self._find_bar is not None and self._find_bar.isVisible():
            self._find_bar.close_bar()  # its marks and ours would mix
        self.open_page(page_id)
        count = highlight_terms(self.reader, terms)
        if count:
            self.statusBar().showMessage(
                self.tr("{0} match{1} marked").format(count, "" if count == 1 else "es"), 5000
            )
