"""The Qt-free core: content, progress, the store, search, export and import. Never imports Qt."""
