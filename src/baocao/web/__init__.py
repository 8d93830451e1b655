"""`baocao serve`: the office's own page, a small local web app over the library.

The web layer only calls the library (validate, status, render, changes, excel forms, import)
and shows what it says; the round folder stays the data, so the CLI still works beside it.
"""
