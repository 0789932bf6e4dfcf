#!/usr/bin/env python3
"""Keep the user's working copies of the tracked notebooks (used by ./ftlab lab).

    lab_copies.py SOURCE_DIR COPY_DIR

Jupyter serves COPY_DIR, never the tracked notebooks/, so saving a notebook leaves `git status`
clean. Every top-level, non-hidden file of SOURCE_DIR is copied into COPY_DIR:
  - a file with no copy yet is copied (first start, a new notebook after a pull, a deleted copy);
  - a copy the user has not edited follows its source (updated after a pull);
  - a copy the user has edited is never overwritten, and when its source has changed a one-line
    message says so and how to get the new version.

"Edited" is decided against what was copied, recorded in COPY_DIR/.ftlab-copies.json: the sha256
of the copied bytes, and for notebooks also the sha256 of their cells (type, source, outputs,
attachments, metadata, execution count; not the cell ids). A copy is unedited if its bytes are those
copied, or if it is a notebook whose cells are exactly those copied: Jupyter rewriting the file's
layout or the notebook-level metadata (kernel and language info) on a save is not an edit, while a
changed cell, an added output or a run cell is. A copy without a record (e.g. the record was lost)
counts as unedited only if it equals the current source. Files in COPY_DIR that were never copied
are the user's and are not touched; an unedited copy whose source was deleted is removed.
"""
import hashlib
import json
import os
import sys
import tempfile

RECORD = ".ftlab-copies.json"


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def _text(v):
    return "".join(v) if isinstance(v, list) else v


def cells_sha256(data):
    """sha256 of a notebook's cells in a canonical form, or None if data is not a notebook."""
    try:
        nb = json.loads(data.decode("utf-8"))
        cells = nb["cells"]
        if not isinstance(cells, list):
            return None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    canon = []
    for c in cells:
        if not isinstance(c, dict):
            return None
        c = {k: v for k, v in c.items() if k != "id"}
        if "source" in c:
            c["source"] = _text(c["source"])
        outs = []
        for o in c.get("outputs", []) or []:
            if isinstance(o, dict):
                o = dict(o)
                if "text" in o:
                    o["text"] = _text(o["text"])
                if isinstance(o.get("data"), dict):
                    o["data"] = {k: _text(v) for k, v in o["data"].items()}
            outs.append(o)
        if "outputs" in c:
            c["outputs"] = outs
        canon.append(c)
    return sha256_bytes(json.dumps(canon, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def fingerprint(data):
    return {"sha256": sha256_bytes(data), "cells_sha256": cells_sha256(data)}


def matches(data, fp):
    """True if data is the content fingerprinted by fp, up to Jupyter's re-serialisation of a notebook."""
    if fp is None:
        return False
    if sha256_bytes(data) == fp.get("sha256"):
        return True
    cs = fp.get("cells_sha256")
    return cs is not None and cells_sha256(data) == cs


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _write_atomic(path, data):
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".ftlab-", suffix=".tmp", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _load_record(copy_dir):
    try:
        with open(os.path.join(copy_dir, RECORD), encoding="utf-8") as f:
            rec = json.load(f)
        files = rec.get("files", {})
        return files if isinstance(files, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def sources(source_dir):
    return sorted(n for n in os.listdir(source_dir)
                  if not n.startswith(".") and os.path.isfile(os.path.join(source_dir, n)))


def sync(source_dir, copy_dir):
    """Brings copy_dir up to date with source_dir; returns a dict of file-name lists:
    copied (no copy before), updated (unedited copy, new source), kept (edited copy, new source),
    removed (unedited copy, source gone), edited (edited copy, same source), current (unedited, same)."""
    if not os.path.isdir(source_dir):
        raise ValueError(f"{source_dir}: not a folder")
    if os.path.exists(copy_dir) and not os.path.isdir(copy_dir):
        raise ValueError(f"{copy_dir}: exists and is not a folder")
    os.makedirs(copy_dir, exist_ok=True)
    record = _load_record(copy_dir)
    new_record = {}
    report = {k: [] for k in ("copied", "updated", "kept", "removed", "edited", "current")}
    names = sources(source_dir)
    for name in names:
        src = _read(os.path.join(source_dir, name))
        fp = fingerprint(src)
        dst = os.path.join(copy_dir, name)
        if not os.path.exists(dst):
            _write_atomic(dst, src)
            new_record[name] = fp
            report["copied"].append(name)
            continue
        cur = _read(dst)
        if matches(cur, fp):  # already the current version (perhaps re-saved by Jupyter)
            new_record[name] = fp
            report["current"].append(name)
        elif matches(cur, record.get(name)):  # unedited copy of an older version
            _write_atomic(dst, src)
            new_record[name] = fp
            report["updated"].append(name)
        else:  # the user's edits: never overwritten; the old record keeps them "edited"
            old = record.get(name)
            if old is not None:
                new_record[name] = old
            same_source = old is not None and (old.get("sha256") == fp["sha256"] or (
                fp["cells_sha256"] is not None and old.get("cells_sha256") == fp["cells_sha256"]))
            report["edited" if same_source else "kept"].append(name)
    for name, fp in record.items():
        if name in names or name in new_record:
            continue
        dst = os.path.join(copy_dir, name)
        if os.path.isfile(dst) and matches(_read(dst), fp):
            os.unlink(dst)
            report["removed"].append(name)
    _write_atomic(os.path.join(copy_dir, RECORD),
                  (json.dumps({"source": os.path.abspath(source_dir), "files": new_record},
                              indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return report


def _files(names):
    return f"{len(names)} file{'s' if len(names) != 1 else ''} ({', '.join(names)})"


def summary(report, copy_dir, rerun="./ftlab lab"):
    """The lines to print: one per kind of change, none when nothing changed."""
    lines = []
    if report["copied"] and len(report["copied"]) == sum(len(v) for k, v in report.items() if k != "removed"):
        lines.append(f"copied all {len(report['copied'])} files of notebooks/ to {copy_dir}")
    elif report["copied"]:
        lines.append(f"copied {_files(report['copied'])} to {copy_dir}")
    if report["updated"]:
        lines.append(f"updated {_files(report['updated'])} that you had not edited to the new version")
    if report["removed"]:
        lines.append(f"removed {_files(report['removed'])} that you had not edited and that notebooks/ no longer has")
    if report["kept"]:
        lines.append(f"kept your edited {', '.join(report['kept'])}: notebooks/ has a newer version; to get it, "
                     f"rename or delete your copy in {copy_dir} and run {rerun} again")
    return lines


def main(argv):
    if len(argv) != 3:
        print("usage: lab_copies.py SOURCE_DIR COPY_DIR", file=sys.stderr)
        return 2
    try:
        report = sync(argv[1], argv[2])
    except (ValueError, OSError) as e:
        print(f"ftlab: working copies: {e}", file=sys.stderr)
        return 2
    for line in summary(report, argv[2]):
        print(f"ftlab: {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
