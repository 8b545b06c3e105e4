"""The command line the generators share: their common flags and the progress line."""

import argparse
import sys

from corpuslib.virsh import URI


def parser(doc, first_line=False):
    """An ArgumentParser described by a script's docstring (whole, or its first line)."""
    if first_line:
        return argparse.ArgumentParser(description=doc.split("\n")[0])
    return argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)


def add_run(ap, count, out_help="corpus directory (manifest.tsv and cases/ are replaced)", uri=True):
    """--seed, --count, --out and (unless uri=False) --uri."""
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=count)
    ap.add_argument("--out", required=True, help=out_help)
    if uri:
        ap.add_argument("--uri", default=URI, help="libvirt URI")


def add_only(ap):
    ap.add_argument("--only", default="", help="comma-separated recipe names (for probing)")


def only(args):
    """The recipe names --only gave, as a list (empty: all)."""
    return [x for x in args.only.split(",") if x]


def add_judging(ap, workers="--workers"):
    """--workers (parallel virsh sessions) and --dry-run."""
    ap.add_argument(workers, type=int, default=4, help="parallel virsh sessions")
    ap.add_argument("--dry-run", action="store_true", help="write the inputs and stop")


def add_summarize(ap):
    ap.add_argument("--summarize", action="store_true", help="print the summary of OUT/manifest.tsv and stop")


def progress(done, total, every=100):
    """The progress line on stderr, every `every` cases."""
    if done % every == 0:
        print("%d/%d" % (done, total), file=sys.stderr)
