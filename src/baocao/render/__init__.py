"""Render stage: contexts (what a template sees) and .docx templates prepared once per run."""
