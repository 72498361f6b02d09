"""Team progress through a shared folder: operations, clocks, merging, the folder's files, syncing."""
