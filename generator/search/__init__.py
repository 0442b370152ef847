"""Search: the documents Pagefind indexes, the indexer run a part at a time, the merge, the finished bundle."""
