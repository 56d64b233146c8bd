"""The Streamlit side: one typed session state and the widgets the pages share.

Only ``ui/``, ``pages/`` and ``Home.py`` import Streamlit; everything they show comes from
``syndata``.
"""
