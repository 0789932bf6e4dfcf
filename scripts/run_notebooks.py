#!/usr/bin/env python3
"""Execute notebooks headless with a Jupyter kernel and fail on any cell error.

Used by ./ftlab test and ./ftlab reproduce. Every code cell runs (errors do not stop the run), then
each cell is checked: an error output fails the notebook unless the cell carries the tag
"raises-exception", and a cell with that tag must produce an error. Failures name the notebook,
the cell number (1-based, counting all cells) and the error.
"""
import argparse
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError, CellTimeoutError


def cell_errors(nb):
    """Yields (index, cell, error_output_or_None, expects_error)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        expects = "raises-exception" in tags
        err = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
        yield i, cell, err, expects


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def error_text(err):
    """A readable one-line error: the traceback's first lines without colours (for Java kernels they
    name the exception class and message), else the error value."""
    lines = [ANSI.sub("", t).strip() for t in err.get("traceback", [])]
    lines = [l for l in lines if l]
    if lines:
        return " / ".join(lines[:3])[:300]
    return first_line(err.get("evalue") or err.get("ename") or "error", 300)


def first_line(text, n=120):
    text = (text or "").strip().splitlines()
    return (text[0] if text else "")[:n]


def count_outputs(nb, mime):
    c = 0
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if mime in o.get("data", {}):
                c += 1
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="ftlab")
    ap.add_argument("--out", required=True)
    ap.add_argument("--html", action="store_true")
    # per-cell limit: 30 min in quick and standard mode (CI, Binder); full mode has cells that run longer (p2-06's Table 2
    # is ~25 min of CPU on 2 idle cores and more on a shared machine), so 3 h there
    mode = (os.environ.get("FTLAB_MODE") or ("quick" if os.environ.get("FTLAB_QUICK") == "1" else "standard")).strip().lower()
    quick = mode != "full"
    ap.add_argument("--timeout", type=int, default=int(os.environ.get(
        "FTLAB_CELL_TIMEOUT", "1800" if quick else "10800")))
    ap.add_argument("notebooks", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    failures = []
    passed = 0
    for path in a.notebooks:
        name = os.path.basename(path)
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as e:  # unreadable notebook file
            failures.append(f"{path}: cannot read notebook: {e}")
            print(f"FAIL {name}: cannot read: {e}", flush=True)
            continue
        t0 = time.time()
        problem = None
        log_path = os.path.join(a.out, os.path.splitext(name)[0] + ".kernel.log")
        open(log_path, "w").close()
        for attempt in (1, 2):
            client = NotebookClient(nb, kernel_name=a.kernel, timeout=a.timeout, startup_timeout=120,
                                    allow_errors=True,
                                    resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
            problem = None
            try:
                with open(log_path, "a") as log:  # the kernel's own chatter goes here, not to the console
                    client.execute(stdout=log, stderr=log)
            except (DeadKernelError, CellTimeoutError) as e:
                problem = f"{type(e).__name__}: {first_line(str(e), 300)} (kernel log: {log_path})"
            except Exception as e:
                problem = f"{type(e).__name__}: {first_line(str(e), 300)} (kernel log: {log_path})"
            started = any(c.get("execution_count") for c in nb.cells if c.cell_type == "code")
            if problem and not started and attempt == 1:
                # the kernel never came up (no cell ran): start a fresh kernel once more
                print(f"     {name}: kernel did not start ({problem}); retrying once", flush=True)
                nb = nbformat.read(path, as_version=4)
                continue
            break
        secs = time.time() - t0
        out_nb = os.path.join(a.out, name)
        nbformat.write(nb, out_nb)
        msgs = []
        if problem:
            # name the cell that was running: the first code cell without an execution count
            idx = next((i for i, c in enumerate(nb.cells)
                        if c.cell_type == "code" and not c.get("execution_count")), None)
            where = f"cell {idx + 1}" if idx is not None else "(unknown cell)"
            msgs.append(f"{path}, {where}: {problem}")
        for i, cell, err, expects in cell_errors(nb):
            src = first_line(cell.source, 80)
            if err is not None and not expects:
                msgs.append(f"{path}, cell {i + 1} [{src}]: {error_text(err)}")
            elif expects and err is None and not problem:
                msgs.append(f"{path}, cell {i + 1} [{src}]: tagged raises-exception but raised nothing")
        pngs, htmls = count_outputs(nb, "image/png"), count_outputs(nb, "text/html")
        # a notebook may state the rich outputs it must produce: metadata ftlab.expect_outputs
        expect = nb.metadata.get("ftlab", {}).get("expect_outputs", {})
        for mime, least in expect.items():
            have = count_outputs(nb, mime)
            if have < least and not problem:
                msgs.append(f"{path}: expected at least {least} {mime} output(s), got {have}")
        if a.html:
            from nbconvert import HTMLExporter
            body, _ = HTMLExporter().from_notebook_node(nb)
            with open(os.path.splitext(out_nb)[0] + ".html", "w", encoding="utf-8") as f:
                f.write(body)
        if msgs:
            failures.extend(msgs)
            print(f"FAIL {name} ({secs:.1f} s)", flush=True)
            for m in msgs:
                print(f"  {m}", flush=True)
        else:
            passed += 1
            print(f"ok   {name} ({secs:.1f} s, {pngs} image/png, {htmls} text/html outputs) -> {out_nb}",
                  flush=True)
    print(f"notebooks: {passed} passed, {len(a.notebooks) - passed} failed", flush=True)
    if failures:
        print("\nnotebook failures:", file=sys.stderr)
        for m in failures:
            print(f"  {m}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
