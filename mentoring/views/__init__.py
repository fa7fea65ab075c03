"""Views of the mentoring app, one module per area (core, banks, consents,
imports). URL patterns are in mentoring/urls.py."""
