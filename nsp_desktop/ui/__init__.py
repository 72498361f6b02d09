"""Every PySide6 import of the app lives in this package."""
