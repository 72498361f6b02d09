"""The reading stylesheet for pages and the look of the window around them."""

READING_CSS = """
body { color: #1f2328; }
h1 { font-size: 170%; font-weight: 600; color: #14213d; margin-top: 4px; margin-bottom: 10px; }
h2 { font-size: 130%; font-weight: 600; color: #14213d; margin-top: 22px; margin-bottom: 6px; }
p { margin-top: 0px; margin-bottom: 12px; line-height: 150%; }
li { margin-bottom: 6px; line-height: 150%; }
ul, ol { margin-top: 2px; margin-bottom: 12px; }
a { color: #1d4ed8; text-decoration: none; }
a.resource { color: #7a4b00; text-decoration: underline; }
a.box { color: #14213d; font-weight: 600; text-decoration: none; }
a.done { color: #15803d; }
p.kicker { font-size: 85%; font-weight: 600; letter-spacing: 1px; color: #5b6470; margin-bottom: 2px; }
p.kicker a { color: #5b6470; }
p.badge { margin-bottom: 16px; }
span.check { background-color: #dcfce7; color: #14532d; font-weight: 700; }
span.legend { color: #3f4a56; font-style: italic; }
span.meta, p.meta { color: #5b6470; }
table.resources { background-color: #f6f4ee; margin-top: 18px; }
"""

WINDOW_QSS = """
QTreeWidget { border: none; background: #f4f5f7; padding: 6px 0px; }
QTreeWidget::item { padding: 5px 4px; }
QTreeWidget::item:selected { background: #dbe4ff; color: #14213d; }
QTextBrowser { border: none; background: #ffffff; }
QToolBar { border: none; spacing: 6px; padding: 4px; }
"""
