"""Full-text search over the toolkit and notes: the only package that imports Whoosh.

index.py builds and searches the index (and keeps its copy on disk); query.py reads what a person
typed; expand.py leads staff words to the toolkit's through the thesaurus; rank.py orders pages;
results.py is what comes back: hits and their snippets.
"""

from nsp_desktop.core.search.index import SearchIndex
from nsp_desktop.core.search.query import MAX_QUERY_CHARS, clean_query
from nsp_desktop.core.search.results import Hit

__all__ = ["MAX_QUERY_CHARS", "Hit", "SearchIndex", "clean_query"]
