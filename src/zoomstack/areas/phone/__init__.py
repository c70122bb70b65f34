"""Zoom Phone: sites, auto receptionists, phone users, the number pool, call queues, shared line
groups, common areas, desk phones, blocked list and account-level phone setup."""
