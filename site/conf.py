"""Sphinx configuration of the sxm course site (``make site``; see site/build.py).

The sources are prepared by site/build.py from the executed notebooks in ``build/``;
nothing is executed here and nothing is fetched from the network: MathJax is the local
copy shipped by the ``sphinx-mathjax-offline`` package, the theme's fonts and scripts are
in its own package.
"""
project = "sxm — service experience management"
author = "sxm developers"
copyright = "sxm developers, BSD-3-Clause"
language = "en"

extensions = ["myst_nb"]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "notebooks", "**.ipynb_checkpoints"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

# notebooks were executed by `make run`: never again here
nb_execution_mode = "off"
nb_output_stderr = "show"
nb_merge_streams = True
nb_ipywidgets_js = {}  # no require.js / widget manager from a CDN
nb_code_prompt_show = "Show {type}"
nb_code_prompt_hide = "Hide {type}"

# math: a local MathJax 3 (the sphinx-mathjax-offline package, copied to _static/mathjax
# by site/build.py) with SVG output: no web fonts, so pages work from file:// as well
html_static_path = ["_static"]
mathjax_path = "mathjax/tex-svg.js"

html_theme = "sphinx_book_theme"
html_title = "sxm"
html_show_sourcelink = False
# search results without page excerpts: fetching them is refused for file:// pages
html_show_search_summary = False
html_copy_source = False
html_last_updated_fmt = None
# a fresh browser has no stored light/dark choice: start light (else the theme logs an error)
html_context = {"default_mode": "light"}
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_issues_button": False,
    "use_edit_page_button": False,
    "launch_buttons": {},
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "show_prev_next": True,
    "search_bar_text": "Search the book…",
}
