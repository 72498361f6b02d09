"""Search in the window: the box, its filters, ranked results and marked matches."""
