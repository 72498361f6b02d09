"""The person's saved progress: the only package that speaks SQL."""

from nsp_desktop.core.store.files import Deletion, delete_user_files, user_files
from nsp_desktop.core.store.repository import ItemError, Store
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
    "ItemError",
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
