"""Real-world web pages through the HTML article format: does any crash, and how fast is it.

Run by hand from the repository root: `python tests/bench/eval_pages.py FOLDER [FOLDER ...]`,
each FOLDER holding `.html`/`.htm` files (a docs site, a set of saved pages). For each folder
it lists the pages as the reader does (`scan_folder`: the cheap head read), then loads every
page in full (the extraction) and prints it as `marginalia cat` does into memory. It reports
what the list found (titles, authors, dates, languages), what the documents hold (headings,
quotes, tables, code, lists, empty ones), every exception, and the time per page. The exit
status is 1 when any page raised.
"""

from __future__ import annotations

import collections
import io
import statistics
import sys
import time
import traceback
from pathlib import Path

from tui.cat import print_article
from tui.model.articles.blocks import BlockKind, ContainerKind
from tui.model.articles.library import load_article, scan_folder


def main(folders: list[Path]) -> int:
    """Evaluate every page below `folders`; return the exit status."""
    tally: collections.Counter[str] = collections.Counter()
    times: list[float] = []
    failures: list[tuple[str, str]] = []
    for root in folders:
        started = time.perf_counter()
        pages = [a for a in scan_folder(root) if a.format == "html"]
        listed = time.perf_counter() - started
        per_page = listed / len(pages) * 1000 if pages else 0.0
        print(f"{root}: {len(pages)} pages listed in {listed:.2f} s ({per_page:.1f} ms a page)")
        for article in pages:
            tally["pages"] += 1
            tally["title from the page"] += article.title != Path(article.relpath).stem
            tally["author"] += article.author is not None
            tally["date"] += article.date is not None
            tally["language"] += article.lang is not None
            started = time.perf_counter()
            try:
                loaded = load_article(root, article)
                out = io.StringIO()
                print_article(root, article, out=out, width=80, color="never")
            except Exception as error:
                failures.append((article.relpath, repr(error)))
                traceback.print_exc()
                continue
            times.append(time.perf_counter() - started)
            if loaded.problem is not None:
                tally[f"refused: {loaded.problem.code}"] += 1
            blocks = loaded.document.blocks
            kinds = {b.kind for b in blocks}
            outer = {b.containers[0].kind for b in blocks if b.containers}
            tally["empty"] += not blocks
            tally["headings"] += BlockKind.HEADING in kinds
            tally["tables"] += BlockKind.TABLE in kinds
            tally["code"] += BlockKind.CODE in kinds
            tally["quotes"] += ContainerKind.QUOTE in outer
            tally["lists"] += bool({ContainerKind.BULLET, ContainerKind.ORDERED} & outer)
            tally["escape bytes in the output"] += "\x1b" in out.getvalue()
    for key, count in tally.items():
        print(f"  {key}: {count}")
    if times:
        times.sort()
        print(
            f"  load + print a page: median {statistics.median(times) * 1000:.0f} ms,"
            f" p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
        )
    print(f"  exceptions: {len(failures)}")
    for relpath, error in failures:
        print(f"    {relpath}: {error}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main([Path(arg) for arg in sys.argv[1:]]))
