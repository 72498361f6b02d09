"""Reading: the page view, the contents, find in page, zoom, themes and meeting mode."""
