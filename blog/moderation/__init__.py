"""The moderation queue and, for admins, the user list."""
