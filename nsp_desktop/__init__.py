"""NSP Desktop: an offline reader and progress tracker for the No Secret Police policy toolkit."""

__version__ = "0.1.0"
APP_NAME = "NSP Desktop"
