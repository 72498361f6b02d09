"""QtGui without widgets: PDF and ODT writing and offscreen rendering (the only Qt the CLI may use)."""
