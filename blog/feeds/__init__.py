"""Atom feeds; for now, each review's comments."""
