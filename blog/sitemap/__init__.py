"""The sitemap and robots.txt: what search engines may crawl, and where."""
