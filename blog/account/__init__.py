"""The signed-in user's own account: settings, their data, deleting it."""
