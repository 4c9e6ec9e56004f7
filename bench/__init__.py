"""HTTP benchmark of the portal's list pages against a minimal Django reference page."""
