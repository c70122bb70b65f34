"""Meeting and webinar archiving (compliance archives of every instance)."""
