"""The read-path benchmark behind ``make bench``: page latency and SQL counts at several sizes.

It builds throwaway databases of generated reviews, films, people, tags and threaded comments,
requests the public pages through Flask's test client, and prints, per page, the median and p90
latency and the number of SQL statements at each size. It measures; it does not pass or fail.
"""
