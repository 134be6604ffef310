"""Paths, dates and file names: the one place the rest of the package reads them from.

Paths default to this repository's layout (Cookiecutter Data Science style) and can
be moved with the environment variable ``RRP_PROJECT_DIR`` (tests use it to work in a
temporary folder).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The repository (the package is installed editable from src/): notebooks live here.
REPO_DIR = PACKAGE_DIR.parent.parent
# The package's own data: the form, the theme rules, the screening's criteria and
# THL's texts for the report; and the templates of the report, its parts and the index.
CODEBOOK_FILE = PACKAGE_DIR / "data" / "codebook.yaml"
THEMES_FILE = PACKAGE_DIR / "data" / "themes.yaml"
CRITERIA_FILE = PACKAGE_DIR / "data" / "criteria.yaml"
REPORT_TEXTS_FILE = PACKAGE_DIR / "data" / "report_texts.yaml"
MESSAGES_FILE = PACKAGE_DIR / "data" / "messages.yaml"
# The report's languages beyond Finnish: THL's terms in each (the glossary), the
# form's and the themes' words by id, and whole sentences with their plural forms.
GLOSSARY_FILE = PACKAGE_DIR / "data" / "glossary.yaml"
TRANSLATIONS_FILE = PACKAGE_DIR / "data" / "codebook_translations.yaml"
SENTENCES_DIR = PACKAGE_DIR / "data" / "sentences"
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def project_dir() -> Path:
    """The project's top folder (holds data/, reports/, notebooks/)."""
    override = os.environ.get("RRP_PROJECT_DIR")
    if override:
        return Path(override).resolve()
    # src/analysis/config.py -> the repository root
    return PACKAGE_DIR.parent.parent


def raw_dir() -> Path:
    """Immutable inputs: the exports and the hand-kept files. Nothing writes here."""
    return project_dir() / "data" / "raw"


def processed_dir() -> Path:
    """Cleaned data, one sub-folder per cutoff."""
    return project_dir() / "data" / "processed"


def reports_dir() -> Path:
    return project_dir() / "reports"


def internal_dir() -> Path:
    """THL's internal outputs: the expert panel's folders (reviewers' names, conflicts
    of interest, scores, comments), one sub-folder per cutoff. Outside reports/,
    which is what is published, and ignored by git."""
    return project_dir() / "internal"


# Hand-kept inputs that live beside the exports in data/raw/ under fixed names.
# They are not exports: export discovery skips them.
EXCLUSIONS_FILE_NAME = "exclusions.csv"
LISTING_STATUS_FILE_NAME = "listing_status.csv"
THEME_CODES_FILE_NAME = "theme_codes.csv"
HAND_KEPT_FILE_NAMES = frozenset({EXCLUSIONS_FILE_NAME, LISTING_STATUS_FILE_NAME, THEME_CODES_FILE_NAME})

# File types read as exports.
EXPORT_SUFFIXES = (".xlsx", ".csv")

# The form was published on 12.3.2025; anything submitted before is a test.
FORM_PUBLISHED = date(2025, 3, 12)

# A cutoff is a date from the form's publication to the end of 2100 (later is a typo).
LAST_CUTOFF = date(2100, 12, 31)

# The cutoffs THL published summaries for (30.6., 31.10. and 31.12.2025).
STANDARD_CUTOFFS = (date(2025, 6, 30), date(2025, 10, 31), date(2025, 12, 31))

# The ministry's competition of the best models took those assessed by 30.6.2025:
# the default scope of the criteria screening and of the expert panel.
COMPETITION_CUTOFF = date(2025, 6, 30)
# Krippendorff's limits for reading his alpha (Content Analysis, 2004): at least
# 0.800 reliable agreement, at least 0.667 tentative conclusions only; the report
# calls a value within 0.2 of zero "near zero" (no agreement beyond chance).
ALPHA_RELIABLE, ALPHA_TENTATIVE, ALPHA_NEAR_ZERO = 0.8, 0.667, 0.2

# The ministry's (STM) recommendations, (from, at least, at most) assessments per
# area: at least one by 30.6.2025, three to five by 31.12.2025.
STM_TARGETS = ((date(2025, 6, 30), 1, None), (date(2025, 12, 31), 3, 5))

# The languages a report can be written in (Finnish, Swedish, English), Finnish first:
# the form's own language, the one the Finnish texts and the codebook hold.
LANGUAGES = ("fi", "sv", "en")

# Submission times in the exports are Finnish wall-clock time, as Webropol shows them.
TIMEZONE = "Europe/Helsinki"

# The expert panel's folder internal/<cutoff>/arviointi/ and its collected results there
# (analysis.panel.commands writes them; the internal report reads them; never under reports/).
PANEL_FOLDER = "arviointi"
PANEL_RESULTS_FILE = "paneeli.json"


# The line every output of the synthetic sample carries (listaus.csv's first line,
# listaus.xlsx's first sheet and document properties, the index, the printed
# page's header): the figures, quotes and links are made up.
SYNTHETIC_NOTICE = (
    "SYNTEETTINEN ESIMERKKIAINEISTO: keksityt itsearvioinnit, jotka on tehty vastaamaan THL:n julkaisemia "
    "yhteenvetoja. Ne eivät ole oikeita itsearviointeja. Myös lainaukset ja Innokylä-linkit ovat keksittyjä."
)
SYNTHETIC_HEADER = "SYNTEETTINEN ESIMERKKIAINEISTO"  # the printed pages' running header


def panel_dir(cutoff: date, internal: Path | None = None) -> Path:
    """The expert panel's folder of a cutoff: internal/<YYYY-MM-DD>/arviointi/."""
    return Path(internal or internal_dir()) / cutoff.isoformat() / PANEL_FOLDER
