"""How much text the store takes in one field, on every way in (typing, the CLI, an import).

A note is the person's working text and may be long, but not without bound: a single line of a
megabyte takes minutes to lay out. Item texts, owners and names are one line each.
"""

MAX_NOTE_CHARS = 50_000  # about 8,000 words
MAX_TEXT_CHARS = 2_000  # an item's text, an owner, a due date, a title, a workspace name
