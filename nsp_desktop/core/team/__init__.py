"""Team progress through a shared folder: operations, clocks, merging, the folder's files, syncing.

Entry points (each takes an open `Store`; none imports Qt, none starts a thread):
- `sync.join`, `sync.sync`, `sync.leave`, `sync.record` — share, sync, stop sharing, and turn
  recorded changes into operations now.
- `views.status` (folder, members, pending, conflicts, last sync, warnings), `views.history`
  (a policy's changes as lines: "Ana ✓ …"), `views.attribution` (who changed each item and
  policy last, for tooltips and a dashboard column), `views.conflicts`.
- `exchange.operations` / `exchange.outcome` / `exchange.apply` — history in JSON exports.
- `places.data_warning` — the data folder sits inside a folder a sync tool copies.
"""
