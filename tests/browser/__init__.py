"""Browser-level tests: a live server, Debian chromium through Playwright, the Nu Html Checker."""
