"""The monitoring pages: pages.py (reading and entering the figures), reports.py (PDF, xlsx)."""
