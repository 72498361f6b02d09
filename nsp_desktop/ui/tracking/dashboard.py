"""The dashboard: every policy in one sortable, filterable table (priority, ✓, status, progress...)."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nsp_desktop.core.models import Toolkit
from nsp_desktop.core.progress import STATUS_LABELS, STATUSES, WorkspaceState
from nsp_desktop.ui.dates import local_date

# The ✓ column is last and headed with what it means: beside a status and a count it read as
# "done" ("✓ Implement robust sanctuary policies … Not started, 0 of 4").
CHECK_HEADER = "✓ Useful if preempted"
CHECK_SPOKEN = "Particularly useful in hostile or preempted states"
COLUMNS = (
    "Priority", "Policy", "Status", "Progress", "Owner", "Due", "Last change", "Team", CHECK_HEADER
)  # fmt: skip
SORT_KEY = Qt.ItemDataRole.UserRole + 1
POLICY_ID = Qt.ItemDataRole.UserRole + 2
PRIORITY, TITLE, STATUS, PROGRESS, OWNER, DUE, CHANGED, TEAM, CHECK = range(len(COLUMNS))


class _Cells(QStyledItemDelegate):
    """Roomier rows, and the progress column drawn as a small bar behind its "2/5"."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        size = super().sizeHint(option, index)
        return QSize(size.width() + 12, size.height() + 12)

    def paint(self, painter, option, index) -> None:
        if index.column() == PROGRESS:
            fraction = float(index.data(SORT_KEY) or 0.0)
            bar = option.rect.adjusted(
                8, option.rect.height() // 2 - 9, -8, -(option.rect.height() // 2 - 9)
            )
            palette = option.palette
            painter.save()
            painter.setPen(palette.mid().color())
            painter.setBrush(palette.base())
            painter.drawRoundedRect(bar, 3, 3)
            if fraction > 0:
                filled = bar.adjusted(0, 0, -int(bar.width() * (1 - fraction)), 0)
                fill = palette.highlight().color()
                fill.setAlpha(90)  # light enough for the "2/5" drawn over it to stay readable
                painter.setBrush(fill)
                painter.drawRoundedRect(filled, 3, 3)
            painter.restore()
        super().paint(painter, option, index)


class _Filter(QSortFilterProxyModel):
    """Keeps the rows matching the chosen priority, status and ✓ filters."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.priority: str | None = None
        self.status: str | None = None
        self.only_checked = False
        self.setSortRole(SORT_KEY)

    def set_filters(self, priority: str | None, status: str | None, only_checked: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+ (invalidateFilter is deprecated there)
            self.beginFilterChange()
            self.priority, self.status, self.only_checked = priority, status, only_checked
            self.endFilterChange()
        else:
            self.priority, self.status, self.only_checked = priority, status, only_checked
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 (Qt's name)
        model = self.sourceModel()

        def key(column: int):
            return model.index(row, column, parent).data(POLICY_ID)

        if self.priority and key(PRIORITY) != self.priority:
            return False
        if self.status and key(STATUS) != self.status:
            return False
        return not (self.only_checked and not key(CHECK))


class Dashboard(QWidget):
    """A window listing the policies of the current workspace; double-click opens one."""

    policy_opened = Signal(str)

    def __init__(self, toolkit: Toolkit, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.toolkit = toolkit
        # Set by the team controller: policy ID -> (who and when, the tooltip, a sort key).
        self.team_changes: Callable[[], dict[str, tuple[str, str, str]]] | None = None
        self.setWindowTitle(self.tr("Dashboard — NSP Desktop"))
        self.resize(1080, 520)
        self.summary = QLabel("")
        self.summary.setObjectName("dashboardSummary")
        self.priority = QComboBox()
        self.priority.setAccessibleName("Filter by priority")
        self.priority.addItem(self.tr("All priorities"), None)
        for number, priority in enumerate(toolkit.priorities, 1):
            self.priority.addItem(f"{number}. {priority.title}", priority.id)
        self.status = QComboBox()
        self.status.setAccessibleName("Filter by status")
        self.status.addItem(self.tr("Any status"), None)
        for status in STATUSES:
            self.status.addItem(STATUS_LABELS[status], status)
        self.only_checked = QCheckBox(self.tr("Only ✓ (useful if preempted)"))
        self.only_checked.setToolTip(toolkit.preempted_legend)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show:")))
        filters.addWidget(self.priority)
        filters.addWidget(self.status)
        filters.addWidget(self.only_checked)
        filters.addStretch(1)

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.model.setHeaderData(
            CHECK, Qt.Orientation.Horizontal, toolkit.preempted_legend, Qt.ItemDataRole.ToolTipRole
        )
        self.legend = QLabel(f"✓ {toolkit.preempted_legend}")
        self.legend.setWordWrap(True)
        self.legend.setObjectName("panelMeta")
        self.close_button = QPushButton(self.tr("&Close"))
        self.close_button.setAccessibleName(self.tr("Close the dashboard"))
        self.close_button.clicked.connect(self.close)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PRIORITY, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setItemDelegate(_Cells(self.table))
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName("Policies with their status and progress")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PRIORITY, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(PRIORITY, 190)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 16)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend, 1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        for combo in (self.priority, self.status):
            combo.currentIndexChanged.connect(self._filter)
        self.only_checked.toggled.connect(self._filter)
        self.table.doubleClicked.connect(lambda index: self.policy_opened.emit(self._id_at(index)))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Esc and Ctrl+W (the platform's Close) close it, from whichever control has focus."""
        if event.key() == Qt.Key.Key_Escape or event.matches(QKeySequence.StandardKey.Close):
            self.close()
            return
        super().keyPressEvent(event)

    def _id_at(self, index) -> str:
        return self.proxy.index(index.row(), TITLE).data(POLICY_ID)

    def _filter(self) -> None:
        self.proxy.set_filters(
            self.priority.currentData(), self.status.currentData(), self.only_checked.isChecked()
        )

    def show_state(self, state: WorkspaceState) -> None:
        """Redraw every row from the workspace's state, keeping sort and filters."""
        done, total = state.progress()
        self.summary.setText(
            self.tr("<b>{0}</b> — {1} of {2} checklist items done across {3} policies").format(
                html.escape(state.workspace.name),
                done,
                total,
                sum(1 for p in state.policies if not p.retired),
            )
        )
        order = {p.id: n for n, p in enumerate(self.toolkit.priorities, 1)}
        team = self.team_changes() if self.team_changes else {}
        self.table.setColumnHidden(TEAM, not team)  # only a shared workspace has a team
        self.model.removeRows(0, self.model.rowCount())
        for position, policy in enumerate(state.policies):
            number = order.get(policy.priority_id or "", 0)
            priority = self.toolkit.page(policy.priority_id or "")
            fraction = policy.done_count / policy.total if policy.total else 0.0
            cells = [
                (f"{number}. {priority.title}" if priority else "—", number * 1000 + position),
                (policy.title + (" (retired)" if policy.retired else ""), position),
                (STATUS_LABELS[policy.status], STATUSES.index(policy.status)),
                (f"{policy.done_count}/{policy.total}", fraction),
                (policy.owner, policy.owner.lower()),
                (local_date(policy.due), policy.due or "9999"),
                (local_date(policy.last_change), policy.last_change or ""),
                team.get(policy.id, ("", "", ""))[0::2],  # a colleague's name: item text only
                ("✓" if policy.preempted_friendly else "", int(policy.preempted_friendly)),
            ]
            row = []
            for text, key in cells:
                item = QStandardItem(text)
                if not text:  # a screen reader says "none", not nothing
                    item.setData(self.tr("none"), Qt.ItemDataRole.AccessibleTextRole)
                item.setData(key, SORT_KEY)
                item.setData(policy.id, POLICY_ID)
                row.append(item)
            # The filter reads these keys from their own columns; TITLE keeps the policy ID.
            row[PRIORITY].setData(policy.priority_id, POLICY_ID)
            row[STATUS].setData(policy.status, POLICY_ID)
            row[CHECK].setData(policy.preempted_friendly, POLICY_ID)
            row[CHECK].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            row[PROGRESS].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if team.get(policy.id):
                row[TEAM].setToolTip(team[policy.id][1])
            if policy.preempted_friendly:
                row[CHECK].setToolTip(self.toolkit.preempted_legend)
                row[CHECK].setData(self.tr(CHECK_SPOKEN), Qt.ItemDataRole.AccessibleTextRole)
            self.model.appendRow(row)

    def visible_policy_ids(self) -> list[str]:
        """The policies shown, top to bottom (for tests and for reading the table aloud)."""
        return [self.proxy.index(r, TITLE).data(POLICY_ID) for r in range(self.proxy.rowCount())]

    def cell(self, policy_id: str, column: int) -> str:
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, TITLE).data(POLICY_ID) == policy_id:
                return self.proxy.index(r, column).data()
        raise KeyError(policy_id)
