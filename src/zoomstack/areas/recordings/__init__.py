"""Cloud recordings: files per recorded instance, downloads, trash, settings, registrants."""
