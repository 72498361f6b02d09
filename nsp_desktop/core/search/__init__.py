"""Full-text search over the toolkit and notes: the only package that imports Whoosh."""

from nsp_desktop.core.search.index import MAX_QUERY_CHARS, Hit, SearchIndex, clean_query

__all__ = ["MAX_QUERY_CHARS", "Hit", "SearchIndex", "clean_query"]
