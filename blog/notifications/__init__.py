"""Email notification settings reached from links in emails: unsubscribing from replies."""
