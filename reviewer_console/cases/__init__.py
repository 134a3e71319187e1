"""Console pages for cases: the inbox, the case page, downloads and the access log."""
