"""Debian's Chromium as the browser tests, the benchmarks and the screenshot script launch it:
headless, and with nothing that reaches for the network on its own."""

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
