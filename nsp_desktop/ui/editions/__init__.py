"""Toolkit editions in the window: open a signed pack, what changed, go back."""
