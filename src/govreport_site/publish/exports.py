"""Data exports (data/reports.json), sitemap.xml."""
