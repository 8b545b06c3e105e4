"""A corpus on disk, and judging its cases on the live daemon.

The layout (what src/test/java/io/addralloc/libvirt/corpus/Corpus.java reads):
  OUT/manifest.tsv            header MANIFEST_COLUMNS, then one tab-separated row per case
  OUT/cases/<id>/input.xml    exactly what was defined
  OUT/cases/<id>/output.xml   `virsh dumpxml --inactive`, accepted cases only
A case to judge is (id, machine, kind, fault, text[, domain]): `judge_and_write` gives every text
to `virsh define` (several sessions at once), keeps libvirt's verdict, message and `dumpxml`, and
writes the corpus into a staging directory that replaces OUT's `cases` and `manifest.tsv` only at
the end, so OUT never holds half a corpus.
"""

import collections
import concurrent.futures
import os
import shutil
import tempfile
import threading

from corpuslib import cli, messages
from corpuslib.virsh import URI, Virsh, session

MANIFEST_COLUMNS = ("id", "machine", "kind", "fault", "verdict", "message")

# domain: the name the text defines (None: the run's prefix + id)
Case = collections.namedtuple("Case", "id machine kind fault text domain", defaults=(None,))


class Drawer:
    """Draws cases that start from libvirt's output of a clean variant: the Virsh and scratch
    directory of a session (corpuslib.virsh.session), and the run's arguments."""

    def __init__(self, args, virsh, tmp):
        self.args = args
        self.virsh = virsh
        self.tmp = tmp

    def accepted(self, draw, name, cid, rejected=None, tries=20):
        """Calls draw() -> (anything, xml_text) until libvirt accepts a text as domain `name`;
        returns (that thing, libvirt's output). `rejected(text, message)` hears of each refusal;
        after `tries` refusals the run stops."""
        for _ in range(tries):
            made, text = draw()
            ok, msg, out = self.virsh.trial(text, name, self.tmp)
            if ok:
                return made, out
            if rejected:
                rejected(text, msg)
        raise SystemExit("no clean variant accepted for " + cid)


def write_case(cases_dir, ident, text, output=None):
    d = os.path.join(cases_dir, ident)
    os.makedirs(d, exist_ok=True)
    for name, content in (("input.xml", text), ("output.xml", output)):
        if content is not None:
            with open(os.path.join(d, name), "w", encoding="utf-8") as fh:
                fh.write(content)


def write_manifest(out, rows):
    with open(os.path.join(out, "manifest.tsv"), "w", encoding="utf-8") as fh:
        for row in [MANIFEST_COLUMNS] + list(rows):
            fh.write("\t".join(row) + "\n")


def read_manifest(out):
    """The rows of OUT/manifest.tsv (tuples, header left out)."""
    with open(os.path.join(out, "manifest.tsv"), encoding="utf-8") as fh:
        return [tuple(line.rstrip("\n").split("\t")) for line in fh][1:]


def judge_and_write(cases, out, prefix, workers=4, dry_run=False, uri=URI, fault_of=None):
    """Judges `cases` (unless `dry_run`: inputs only) and writes them to `out`; returns the rows.
    `fault_of(accepted, message)`, when given, fills the fault column after the verdict."""
    cases = [Case(*c) for c in cases]
    stage = tempfile.mkdtemp(prefix=prefix + "out-")
    for c in cases:
        write_case(os.path.join(stage, "cases"), c.id, c.text)
    rows = None
    if not dry_run:
        rows = []
        for c, (ok, msg, output) in zip(cases, _judge(cases, prefix, workers, uri)):
            if ok:
                write_case(os.path.join(stage, "cases"), c.id, None, output)
            fault = fault_of(ok, msg) if fault_of else c.fault
            rows.append((c.id, c.machine, c.kind, fault, "accepted" if ok else "rejected", msg))
        write_manifest(stage, rows)
    os.makedirs(out, exist_ok=True)
    for old in ("cases", "manifest.tsv"):
        p = os.path.join(out, old)
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.remove(p)
    for new in ("cases", "manifest.tsv"):
        if os.path.exists(os.path.join(stage, new)):
            shutil.move(os.path.join(stage, new), os.path.join(out, new))
    shutil.rmtree(stage, ignore_errors=True)
    return rows


def _judge(cases, prefix, workers, uri):
    local = threading.local()
    done = [0]
    lock = threading.Lock()

    with session(prefix, uri) as (_, tmp):
        def run(case):
            if not hasattr(local, "v"):
                local.v = Virsh(uri)
            result = local.v.trial(case.text, case.domain or prefix + case.id, tmp)
            with lock:
                done[0] += 1
                cli.progress(done[0], len(cases))
            return result

        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
            return list(ex.map(run, cases))


# --------------------------------------------------------------------------------------------
# summaries


def table(rows, title, key, width=34):
    """Lines of a cases/accepted/rejected table of `rows` by `key(row)` (a list of keys)."""
    counts = collections.OrderedDict()
    for r in rows:
        for k in key(r):
            c = counts.setdefault(k, [0, 0])
            c[0 if r[4] == "accepted" else 1] += 1
    lines = ["%-*s %6s %9s %9s" % (width, title, "cases", "accepted", "rejected")]
    for k in sorted(counts):
        a, j = counts[k]
        lines.append("%-*s %6d %9d %9d" % (width, k, a + j, a, j))
    return lines


def summary(seed, rows):
    """The summary generate.py writes into README.md: totals, machine/recipe/fault tables, and
    the rejection messages by shape."""
    acc = sum(1 for r in rows if r[4] == "accepted")
    lines = ["seed %d, %d cases: %d accepted, %d rejected" % (seed, len(rows), acc, len(rows) - acc), ""]
    for title, col in (("machine", 1), ("recipe", 2), ("fault", 3)):
        lines += table(rows, title, lambda r: [r[col]]) + [""]
    lines.append("rejection messages (numbers replaced by N):")
    msgs = collections.Counter(messages.shape(r[5]) for r in rows if r[4] == "rejected")
    for m, n in sorted(msgs.items(), key=lambda x: (-x[1], x[0])):
        lines.append("%5d  %s" % (n, m))
    return "\n".join(lines)
