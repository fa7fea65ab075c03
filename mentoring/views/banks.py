"""See mentoring/urls.py for the URL patterns of this module."""
