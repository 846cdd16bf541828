"""Entry point for a Hugging Face Space: runs the same demo as demo/app.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from app import demo  # noqa: E402

if __name__ == "__main__":
    demo.launch(show_error=True)
