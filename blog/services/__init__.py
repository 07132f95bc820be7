"""Plain functions the views call: queries with their eager loading, and the writes."""
