#!/usr/bin/env python3
"""Tests of scripts/lab_copies.py (run by ./ftlab test): a fresh copy, an unedited copy updated, an
edited copy kept, a new notebook added, and what counts as an edit."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab_copies  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def notebook(*sources, outputs=None, meta=None):
    cells = []
    for i, s in enumerate(sources):
        cells.append({"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
                      "outputs": list(outputs or []) if i == 0 else [], "source": s.splitlines(True)})
    return {"cells": cells, "metadata": meta or {"kernelspec": {"name": "ftlab", "display_name": "Java (ftlab)",
                                                                "language": "java"}},
            "nbformat": 4, "nbformat_minor": 5}


def dump(nb, indent=1):
    """Serialised as the tracked notebooks are (nbformat's layout: indent 1, sorted keys, final newline)."""
    return (json.dumps(nb, indent=indent, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


class LabCopiesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ftlab-labcopies-")
        self.src = os.path.join(self.tmp, "notebooks")
        self.dst = os.path.join(self.tmp, "home", "ftlab-notebooks")
        os.makedirs(self.src)
        self.put_src("a.ipynb", dump(notebook("int x = 1;\nx", "x + 1")))
        self.put_src("b.ipynb", dump(notebook("\"b\"")))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def put_src(self, name, data):
        with open(os.path.join(self.src, name), "wb") as f:
            f.write(data)

    def put_copy(self, name, data):
        with open(os.path.join(self.dst, name), "wb") as f:
            f.write(data)

    def read(self, d, name):
        with open(os.path.join(d, name), "rb") as f:
            return f.read()

    def sync(self):
        return lab_copies.sync(self.src, self.dst)

    def test_fresh_copy_copies_every_file_byte_for_byte_and_records_it(self):
        r = self.sync()
        self.assertEqual(["a.ipynb", "b.ipynb"], r["copied"], r)
        for n in ("a.ipynb", "b.ipynb"):
            self.assertEqual(self.read(self.src, n), self.read(self.dst, n), n + " copy differs from its source")
        self.assertTrue(os.path.isfile(os.path.join(self.dst, lab_copies.RECORD)), "no record beside the copies")
        self.assertEqual(["copied all 2 files of notebooks/ to " + self.dst], lab_copies.summary(r, self.dst))
        again = self.sync()
        self.assertEqual(["a.ipynb", "b.ipynb"], again["current"], "a second start must change nothing: %s" % again)
        self.assertEqual([], lab_copies.summary(again, self.dst), "a second start must print nothing")

    def test_unedited_copy_follows_its_source_after_a_pull(self):
        self.sync()
        new = dump(notebook("int x = 2;\nx", "x + 1"))
        self.put_src("a.ipynb", new)
        r = self.sync()
        self.assertEqual(["a.ipynb"], r["updated"], r)
        self.assertEqual(new, self.read(self.dst, "a.ipynb"), "the unedited copy was not updated")
        self.assertIn("updated 1 file (a.ipynb)", " ".join(lab_copies.summary(r, self.dst)))

    def test_a_copy_jupyter_only_resaved_counts_as_unedited(self):
        # Jupyter re-serialises on save and fills in the kernel's language_info: not an edit
        self.sync()
        resaved = notebook("int x = 1;\nx", "x + 1")
        resaved["metadata"]["language_info"] = {"name": "java", "version": "17"}
        for c in resaved["cells"]:
            c["source"] = "".join(c["source"])  # a single string instead of a list of lines
        self.put_copy("a.ipynb", dump(resaved, indent=2))
        new = dump(notebook("int x = 3;\nx", "x + 1"))
        self.put_src("a.ipynb", new)
        r = self.sync()
        self.assertEqual(["a.ipynb"], r["updated"], r)
        self.assertEqual(new, self.read(self.dst, "a.ipynb"))

    def test_edited_copy_is_kept_and_the_message_says_how_to_get_the_new_version(self):
        self.sync()
        mine = dump(notebook("int x = 1;\nx", "x + 100  // my experiment"))
        self.put_copy("a.ipynb", mine)
        r = self.sync()  # same source: the user's edit, nothing to say
        self.assertEqual(["a.ipynb"], r["edited"], r)
        self.assertEqual([], lab_copies.summary(r, self.dst))
        self.put_src("a.ipynb", dump(notebook("int x = 2;\nx", "x + 1")))
        for attempt in (1, 2):  # kept on every later start too, not overwritten the second time
            r = self.sync()
            self.assertEqual(["a.ipynb"], r["kept"], "start %d: %s" % (attempt, r))
            self.assertEqual(mine, self.read(self.dst, "a.ipynb"), "start %d overwrote the user's edit" % attempt)
            lines = lab_copies.summary(r, self.dst)
            self.assertEqual(1, len(lines), lines)
            self.assertIn("kept your edited a.ipynb", lines[0])
            self.assertIn("rename or delete your copy in " + self.dst, lines[0])
        os.rename(os.path.join(self.dst, "a.ipynb"), os.path.join(self.dst, "a-mine.ipynb"))
        r = self.sync()
        self.assertEqual(["a.ipynb"], r["copied"], "after renaming the copy the new version comes in: %s" % r)
        self.assertEqual(mine, self.read(self.dst, "a-mine.ipynb"), "the renamed copy must stay the user's")

    def test_run_cells_are_an_edit(self):
        self.sync()
        ran = notebook("int x = 1;\nx", "x + 1",
                       outputs=[{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                                 "data": {"text/plain": ["1"]}}])
        self.put_copy("a.ipynb", dump(ran))
        self.put_src("a.ipynb", dump(notebook("int x = 2;\nx", "x + 1")))
        r = self.sync()
        self.assertEqual(["a.ipynb"], r["kept"], "a copy with outputs must be kept: %s" % r)
        self.assertEqual(dump(ran), self.read(self.dst, "a.ipynb"))

    def test_new_notebook_is_added_and_the_users_own_files_are_left_alone(self):
        self.sync()
        self.put_copy("mine.ipynb", b"{}")
        self.put_src("c.ipynb", dump(notebook("3")))
        r = self.sync()
        self.assertEqual(["c.ipynb"], r["copied"], r)
        self.assertEqual(["a.ipynb", "b.ipynb"], r["current"], r)
        self.assertEqual(["copied 1 file (c.ipynb) to " + self.dst], lab_copies.summary(r, self.dst))
        self.assertEqual(b"{}", self.read(self.dst, "mine.ipynb"))

    def test_a_deleted_notebook_goes_only_if_its_copy_was_not_edited(self):
        self.sync()
        self.put_copy("b.ipynb", dump(notebook("\"b edited\"")))
        os.unlink(os.path.join(self.src, "a.ipynb"))
        os.unlink(os.path.join(self.src, "b.ipynb"))
        r = self.sync()
        self.assertEqual(["a.ipynb"], r["removed"], r)
        self.assertFalse(os.path.exists(os.path.join(self.dst, "a.ipynb")))
        self.assertTrue(os.path.exists(os.path.join(self.dst, "b.ipynb")), "an edited copy must never be deleted")

    def test_without_the_record_only_a_copy_equal_to_its_source_counts_as_unedited(self):
        self.sync()
        os.unlink(os.path.join(self.dst, lab_copies.RECORD))
        self.put_copy("b.ipynb", dump(notebook("\"b edited\"")))
        r = self.sync()
        self.assertEqual(["a.ipynb"], r["current"], r)
        self.assertEqual(["b.ipynb"], r["kept"], r)
        self.assertEqual(dump(notebook("\"b edited\"")), self.read(self.dst, "b.ipynb"))

    def test_bad_folders_exit_2_with_one_line(self):
        script = os.path.join(ROOT, "scripts", "lab_copies.py")
        missing = os.path.join(self.tmp, "no-such-folder")
        p = subprocess.run([sys.executable, script, missing, self.dst], capture_output=True, text=True)
        self.assertEqual(2, p.returncode, p.stderr)
        self.assertEqual(["ftlab: working copies: %s: not a folder" % missing], p.stderr.splitlines())
        afile = os.path.join(self.tmp, "afile")
        open(afile, "w").close()
        p = subprocess.run([sys.executable, script, self.src, afile], capture_output=True, text=True)
        self.assertEqual(2, p.returncode, p.stderr)
        self.assertEqual(["ftlab: working copies: %s: exists and is not a folder" % afile], p.stderr.splitlines())

    def test_the_tracked_notebooks_copy_and_count_as_current_after_a_resave(self):
        # the real notebooks/: every one is copied, and re-saving one as Jupyter would keeps it unedited
        src = os.path.join(ROOT, "notebooks")
        r = lab_copies.sync(src, self.dst)
        self.assertEqual(sorted(n for n in os.listdir(src) if not n.startswith(".")), r["copied"])
        name = r["copied"][0]
        nb = json.loads(self.read(self.dst, name))
        nb["metadata"]["language_info"] = {"name": "java", "version": "17.0.0"}
        self.put_copy(name, dump(nb, indent=2))
        self.assertIn(name, lab_copies.sync(src, self.dst)["current"])


if __name__ == "__main__":
    unittest.main(verbosity=1)
