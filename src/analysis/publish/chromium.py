"""Headless Chromium for the published report: print it to PDF (A4, by the report's
own print stylesheet), take screenshots, and run axe-core's accessibility checks.

Debian's ``chromium`` is used (``apt-get install -y chromium``); nothing is
downloaded. Each run gets a fresh, throw-away profile and the flags that keep
Chromium off the network (no background requests, no updates, no sync).
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = "apt-get update && apt-get install -y chromium poppler-utils"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
)
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
AXE_RESULT_ID = "rrp-axe-result"


class BrowserMissing(RuntimeError):
    """No Chromium on this machine; the message says how to install it."""


def find_chromium() -> str | None:
    """The Chromium to use: $RRP_CHROMIUM, else the first of CANDIDATES on PATH."""
    given = os.environ.get("RRP_CHROMIUM")
    if given:
        return given if shutil.which(given) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    found = find_chromium()
    if not found:
        raise BrowserMissing(
            "Chromium was not found (looked for " + ", ".join(CANDIDATES) + " on PATH, or $RRP_CHROMIUM). "
            f"On Debian or Ubuntu, install it as root with: {INSTALL}"
        )
    return found


def run_chromium(args: list[str], target: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run headless Chromium once on ``target`` (a URL) with a fresh profile."""
    exe = require_chromium()
    with tempfile.TemporaryDirectory(prefix="rrp-chromium-") as profile:
        done = subprocess.run(
            [exe, *FLAGS, f"--user-data-dir={profile}", *args, target],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited with {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done


def print_pdf(html_file: Path, pdf_file: Path) -> Path:
    """``html_file`` printed to ``pdf_file`` as Chromium's print dialog would, with the
    page's own print stylesheet (A4, its margins, running title and page numbers);
    Chromium's own header and footer (date, file path) are left out."""
    html_file, pdf_file = Path(html_file).resolve(), Path(pdf_file)
    partial = pdf_file.with_name(f".{pdf_file.name}.partial")
    partial.unlink(missing_ok=True)
    run_chromium(
        ["--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", f"--print-to-pdf={partial.resolve()}"],
        html_file.as_uri(),
    )
    if not partial.is_file() or partial.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF for {html_file}")
    partial.replace(pdf_file)
    return pdf_file


def screenshot(html_file: Path, png_file: Path, width: int = 1280, height: int = 800) -> Path:
    """The first screen of ``html_file`` at ``width`` × ``height`` CSS pixels."""
    run_chromium(
        [f"--screenshot={Path(png_file).resolve()}", f"--window-size={width},{height}"],
        Path(html_file).resolve().as_uri(),
    )
    return Path(png_file)


def dump_dom(url: str, budget_ms: int = 20000, width: int = 1280, height: int = 900) -> str:
    """The page's DOM after its scripts ran (virtual time, so timers finish)."""
    return run_chromium(
        [f"--virtual-time-budget={budget_ms}", f"--window-size={width},{height}", "--dump-dom"], url
    ).stdout


RUNNER = """
<script src="axe.min.js"></script>
<script>
axe.run(document, {runOnly: {type: "tag", values: %(tags)s}, resultTypes: ["violations"]})
  .then(function (r) { return {violations: r.violations, engine: r.testEngine}; },
        function (e) { return {error: String(e)}; })
  .then(function (out) {
    var pre = document.createElement("pre");
    pre.id = "%(id)s";
    pre.hidden = true;
    pre.textContent = JSON.stringify(out);
    document.documentElement.appendChild(pre);
  });
</script>
"""


def _result_in_page(
    html_file: Path, script: str, result_id: str, files: dict[str, Path] | None = None, width: int = 1280
) -> dict:
    """Run ``script`` in a copy of ``html_file`` (added before ``</body>``, with
    ``files`` beside it) in headless Chromium; the script writes its result as JSON
    into a hidden ``<pre id=result_id>``, read back from the dumped DOM."""
    page = Path(html_file).read_text(encoding="utf-8")
    cut = page.rfind("</body>")
    page = page[:cut] + script + page[cut:] if cut >= 0 else page + script
    with tempfile.TemporaryDirectory(prefix="rrp-page-") as folder:
        for name, source in (files or {}).items():
            shutil.copy(source, Path(folder) / name)
        copy = Path(folder) / "page.html"
        copy.write_text(page, encoding="utf-8")
        dom = dump_dom(copy.as_uri(), width=width)
    marker = f'id="{result_id}"'
    if marker not in dom:
        raise RuntimeError(f"the page gave no result for {result_id} (did it load?)")
    text = dom.split(marker, 1)[1].split(">", 1)[1].split("</pre>", 1)[0]
    return json.loads(html.unescape(text))


def axe_violations(html_file: Path, axe_js: Path, width: int = 1280) -> list[dict]:
    """axe-core's violations of ``html_file`` (WCAG 2.0/2.1 A and AA, and axe's best
    practices), checked in headless Chromium at ``width`` px. A copy of the page with
    axe and a small runner added before ``</body>`` is loaded from a temporary folder;
    the result is read back from the dumped DOM."""
    runner = RUNNER % {"tags": json.dumps(list(AXE_TAGS)), "id": AXE_RESULT_ID}
    result = _result_in_page(html_file, runner, AXE_RESULT_ID, {"axe.min.js": axe_js}, width)
    if "error" in result:
        raise RuntimeError(f"axe-core failed: {result['error']}")
    return result["violations"]


SHOWN_RESULT_ID = "rrp-shown-text"
SHOWN = """
<script>
(function () {
  var main = document.querySelector("main") || document.body;
  var copy = main.cloneNode(true);
  copy.querySelectorAll("style, script").forEach(function (e) { e.remove(); });
  var out = {
    title: document.title,
    text: copy.textContent,
    alts: Array.from(main.querySelectorAll("img[alt]")).map(function (e) { return e.getAttribute("alt"); }),
    links: Array.from(main.querySelectorAll("a[href]")).map(function (e) {
      return {href: e.getAttribute("href"), text: e.textContent};
    })
  };
  var pre = document.createElement("pre");
  pre.id = "%(id)s";
  pre.hidden = true;
  pre.textContent = JSON.stringify(out);
  document.documentElement.appendChild(pre);
})();
</script>
"""


LAYOUT_RESULT_ID = "rrp-screen-layout"
LAYOUT = """
<script>
(function () {
  var main = document.querySelector("main") || document.body;
  var style = getComputedStyle(main);
  var content = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  var page = document.documentElement.clientWidth;
  function label(e) { return e.tagName.toLowerCase() + "." + e.className + " " + e.textContent.trim().slice(0, 60); }
  var out = {
    viewport: page,
    scroll_width: document.documentElement.scrollWidth,
    content_width: content,
    charts: Array.from(main.querySelectorAll("figure.chart img")).map(function (e) {
      return {width: e.getBoundingClientRect().width, natural: Number(e.getAttribute("width"))};
    }),
    wider_than_the_page: Array.from(main.querySelectorAll("table, figure, p, li, h1, h2, h3"))
      .filter(function (e) { return e.getBoundingClientRect().right > page + 1; }).map(label),
    numbers_not_right: Array.from(main.querySelectorAll("table.rrp td.num"))
      .filter(function (e) { return getComputedStyle(e).textAlign !== "right"; }).length,
    numbers: main.querySelectorAll("table.rrp td.num").length
  };
  var pre = document.createElement("pre");
  pre.id = "%(id)s";
  pre.hidden = true;
  pre.textContent = JSON.stringify(out);
  document.documentElement.appendChild(pre);
})();
</script>
"""


def screen_layout(html_file: Path, width: int = 1280) -> dict:
    """How ``html_file`` lays out on a screen ``width`` px wide, measured in headless
    Chromium: the page's and the text column's widths, each chart's shown and
    natural width, the elements that reach past the page's right edge, and how many
    number cells are not right-aligned (of how many)."""
    return _result_in_page(html_file, LAYOUT % {"id": LAYOUT_RESULT_ID}, LAYOUT_RESULT_ID, width=width)


def shown_text(html_file: Path) -> dict:
    """What the browser makes of ``html_file``'s text, as Chromium parsed it: the
    page's title, the text of its ``<main>`` (or body; styles and scripts left out),
    every image's alternative text, and every link's address and text."""
    return _result_in_page(html_file, SHOWN % {"id": SHOWN_RESULT_ID}, SHOWN_RESULT_ID)


def summarise(violations: list[dict]) -> str:
    """One line per violation: rule, impact, how many elements, and the first few."""
    lines = []
    for v in violations:
        targets = [", ".join(map(str, node.get("target", []))) for node in v.get("nodes", [])]
        lines.append(f"{v['id']} ({v.get('impact')}, {len(targets)}×): {v.get('help')} – " + "; ".join(targets[:4]))
    return "\n".join(lines)
