"""The site's pages and files beyond profiles and lists: front page, statistics, feeds, open data, cards, sharing, photos."""
