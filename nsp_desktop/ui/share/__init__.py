"""Sharing: export, import, the policy brief, print and save as PDF."""
