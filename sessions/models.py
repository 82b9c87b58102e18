"""Models of the sessions app (label ``meetings``)."""
