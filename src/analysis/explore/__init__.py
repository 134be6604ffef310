"""Exploring the assessments in JupyterLab."""
