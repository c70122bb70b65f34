"""Reports: usage, hosts, meetings, webinars, telephone, recordings and activity."""
