"""Tracking: checklist, status, notes, workspaces, the dashboard and undo."""
