"""Swagger UI in a real browser: headless Chromium, driven by Playwright, against real servers."""
