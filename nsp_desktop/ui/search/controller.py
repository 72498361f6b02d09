"""The search controller: the index built off the UI thread, the user's notes kept in it, and
hits opened with their words marked. The window owns it and lays its panel out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from nsp_desktop.core.models import Toolkit
from nsp_desktop.ui.reading.reader import Reader
from nsp_desktop.ui.search.panel import SearchPanel

if TYPE_CHECKING:
    from nsp_desktop.ui.reading.controller import Reading
    from nsp_desktop.ui.tracking.controller import Tracking


class SearchController(QObject):
    """Runs search for the window; asks it to open pages and show messages through signals."""

    open_page = Signal(str)  # a hit was chosen: the window opens the page, then words are marked
    message = Signal(str, int)  # for the status bar (0: until the next one)

    def __init__(
        self,
        parent: QObject,
        toolkit: Toolkit,
        reader: Reader,
        reading: Reading,
        tracking: Tracking,
    ):
        super().__init__(parent)
        self.toolkit = toolkit
        self.reader = reader
        self.reading = reading
        self.tracking = tracking
        self.panel = SearchPanel(toolkit)
        self._worker = None
        self._noted: set[str] = set()  # pages whose notes the index holds
        self._cache_dir = None
        self.panel.hit_chosen.connect(self.open_hit)
        self.reader.textChanged.connect(self._clear_marks)
        tracking.notes_saved.connect(self._note_saved)  # once: the index may be rebuilt
        tracking.workspace_changed.connect(self._workspace_changed)

    def building(self) -> bool:
        """The index is being built and is not ready yet."""
        return self._worker is not None and self.panel.index is None

    def focus(self) -> None:
        """Into the search box (leaving meeting mode: the box lives in the hidden left pane)."""
        if self.reading.meeting:
            self.reading.set_meeting(False)
        self.panel.focus_box()

    def _clear_marks(self) -> None:
        if not self.reading.find_open():
            self.reader.setExtraSelections([])

    def start(self, cache_dir=None) -> None:
        """Load or build the search index off the UI thread; the box works once it arrives."""
        # deferred: search is built after the first paint
        from nsp_desktop.ui import workers

        self._cache_dir = cache_dir
        builder = self._worker = workers.SearchIndexBuilder(self.toolkit, cache_dir)
        builder.built.connect(self._built)  # to methods: queued to this (the UI) thread
        builder.failed.connect(self._failed)
        workers.start(builder)

    def restart(self, toolkit: Toolkit) -> None:
        """Another edition of the toolkit is in use: search it, not the last one. The index is
        built again (or loaded from its cache) off the UI thread, if search was started."""
        self.toolkit = toolkit
        self.panel.set_toolkit(toolkit)
        self._noted = set()
        if self._worker is not None:
            self.start(self._cache_dir)

    def _workspace_changed(self, _workspace_id: int) -> None:
        if self.panel.index is not None:
            self._index_notes(self.panel.index)

    def _built(self, index, problem: str) -> None:
        if self.sender() is not self._worker:
            return  # built for an edition no longer in use (search was restarted meanwhile)
        self._index_notes(index)
        self.panel.set_index(index)
        if problem:
            text = self.tr("The glossary has a problem; search works without it. {0}")
            self.message.emit(text.format(problem), 0)

    def _index_notes(self, index) -> None:
        """Make the current workspace's notes searchable (and forget another workspace's)."""
        notes = self.tracking.store.notes(self.tracking.workspace_id)
        forgotten = dict.fromkeys(self._noted - notes.keys(), "")
        if notes or forgotten:  # re-indexing costs tens of ms: only when there is something
            index.set_notes({**forgotten, **notes})
        self._noted = set(notes)

    def _note_saved(self, workspace_id: int, policy_id: str) -> None:
        index = self.panel.index
        if index is not None and workspace_id == self.tracking.workspace_id:
            text = self.tracking.store.note(workspace_id, policy_id)
            index.set_note(policy_id, text)
            self._noted = (self._noted | {policy_id}) if text else (self._noted - {policy_id})

    def _failed(self, message: str) -> None:
        if self.sender() is not self._worker:
            return
        self.message.emit(self.tr("Search is not available: {0}").format(message), 0)

    def open_hit(self, page_id: str, terms: tuple[str, ...]) -> None:
        """Open a page from search, its matched words marked and the first one in view."""
        # deferred: search is built after the first paint
        from nsp_desktop.ui.search.results import highlight_terms

        self.reading.close_find()  # its marks and ours would mix
        self.open_page.emit(page_id)
        count = highlight_terms(self.reader, terms)
        if count:
            text = self.tr("{0} match{1} marked").format(count, "" if count == 1 else "es")
            self.message.emit(text, 5000)
