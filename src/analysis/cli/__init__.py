"""The command line: ``python -m analysis <command>``."""
