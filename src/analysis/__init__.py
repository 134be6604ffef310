"""Summary reports of the RRP operating-model self-assessments from THL's Webropol exports."""

__version__ = "0.1.0"
