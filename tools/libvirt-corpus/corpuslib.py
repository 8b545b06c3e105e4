"""What the corpus generators share: judging cases on the live daemon and writing a corpus.

A case is (id, machine family, kind, fault, input text). `judge_and_write` gives every case to
`virsh define` (several sessions at once), keeps libvirt's verdict, message and `dumpxml`, and
writes the corpus (manifest.tsv, cases/<id>/input.xml, output.xml) into a staging directory that
replaces OUT's `cases` and `manifest.tsv` only at the end, so OUT never holds half a corpus.
Python 3 standard library only.
"""

import concurrent.futures
import os
import shutil
import sys
import tempfile
import threading

from generate import Virsh

URI = "qemu:///system"


def judge_and_write(cases, out, prefix, workers=4, dry_run=False):
    """Judges `cases` (unless `dry_run`: inputs only) and writes them to `out`; returns the rows."""
    stage = tempfile.mkdtemp(prefix=prefix + "out-")
    for ident, _, _, _, text in cases:
        d = os.path.join(stage, "cases", ident)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "input.xml"), "w", encoding="utf-8") as fh:
            fh.write(text)
    rows = None
    if not dry_run:
        rows = _judge(cases, stage, prefix, workers)
        with open(os.path.join(stage, "manifest.tsv"), "w", encoding="utf-8") as fh:
            fh.write("id\tmachine\tkind\tfault\tverdict\tmessage\n")
            for r in rows:
                fh.write("\t".join(r) + "\n")
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


def _judge(cases, stage, prefix, workers):
    Virsh(URI).cleanup(prefix)
    tmp = tempfile.mkdtemp(prefix=prefix)
    local = threading.local()
    done = [0]
    lock = threading.Lock()

    def run(case):
        ident, _, _, _, text = case
        if not hasattr(local, "v"):
            local.v = Virsh(URI)
        ok, msg, output = local.v.trial(text, prefix + ident, tmp)
        with lock:
            done[0] += 1
            if done[0] % 100 == 0:
                print("%d/%d" % (done[0], len(cases)), file=sys.stderr)
        return ok, msg, output

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
            results = list(ex.map(run, cases))
    finally:
        Virsh(URI).cleanup(prefix)
        shutil.rmtree(tmp, ignore_errors=True)
    rows = []
    for (ident, fam, kind, fault, _), (ok, msg, output) in zip(cases, results):
        if ok:
            with open(os.path.join(stage, "cases", ident, "output.xml"), "w", encoding="utf-8") as fh:
                fh.write(output)
        rows.append((ident, fam, kind, fault, "accepted" if ok else "rejected", msg))
    return rows
