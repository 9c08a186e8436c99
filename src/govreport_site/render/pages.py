"""Render every page of the site with Jinja2."""
