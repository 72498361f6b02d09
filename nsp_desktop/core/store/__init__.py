"""The person's saved progress: the only package that speaks SQL."""

from nsp_desktop.core.store.files import Deletion, delete_user_files, user_files
from nsp_desktop.core.store.limits import MAX_NOTE_CHARS, MAX_TEXT_CHARS
from nsp_desktop.core.store.repository import ItemError, NoteConflict, Store
from nsp_desktop.core.store.schema import (
    DB_NAME,
    DEFAULT_WORKSPACE,
    SCHEMA_VERSION,
    StoreError,
    StoreReadOnly,
    StoreTooNew,
    StoreUnreadable,
    WorkspaceError,
    now,
)

__all__ = [
    "Deletion",
    "DB_NAME",
    "DEFAULT_WORKSPACE",
    "SCHEMA_VERSION",
    "MAX_NOTE_CHARS",
    "MAX_TEXT_CHARS",
    "ItemError",
    "NoteConflict",
    "Store",
    "StoreError",
    "StoreReadOnly",
    "StoreTooNew",
    "StoreUnreadable",
    "WorkspaceError",
    "delete_user_files",
    "now",
    "user_files",
]
