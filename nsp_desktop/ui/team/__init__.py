"""Team progress in the window: sharing through a folder, background syncing, who changed what."""
