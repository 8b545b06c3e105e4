"""libvirt's messages: as a manifest cell, and their shape for counting them by kind."""

import re


def one_line(err):
    """virsh's stderr as one line: without the `Failed to define domain` line, the `error: `
    prefixes, blank lines, tabs and carriage returns (the manifest's `message` column)."""
    lines = []
    for line in err.split("\n"):
        if not line.strip() or "Failed to define domain" in line:
            continue
        lines.append(re.sub(r"^error: ", "", line))
    return " ".join(lines).replace("\t", " ").replace("\r", " ").strip()


def shape(msg):
    """A rejection message with its numbers and names replaced, to count messages by kind."""
    msg = re.sub(r"\b[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-9a-fA-F]\b", "D:B:S.F", msg)
    msg = re.sub(r"'[^']*'", "'X'", msg)
    return re.sub(r"\b(0x[0-9a-fA-F]+|\d+)\b", "N", msg)
