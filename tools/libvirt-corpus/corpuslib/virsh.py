"""The one way the generators talk to libvirt: `virsh -q -c URI ...` in a subprocess."""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile

from corpuslib import messages

URI = "qemu:///system"


class Virsh:
    def __init__(self, uri=URI):
        self.uri = uri
        self.calls = 0

    def run(self, *args):
        self.calls += 1
        p = subprocess.run(["virsh", "-q", "-c", self.uri, *args], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
        return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")

    message = staticmethod(messages.one_line)

    def cleanup(self, prefix):
        """Destroys and undefines every domain whose name starts with `prefix` (and only those:
        other generators and other people share the daemon)."""
        code, out, err = self.run("list", "--all", "--name")
        if code != 0:
            raise SystemExit("virsh list failed: " + err)
        for name in out.split():
            if name.startswith(prefix):
                self.run("destroy", name)
                self.run("undefine", name)
                print("removed leftover domain " + name, file=sys.stderr)

    def trial(self, xml_text, name, tmpdir):
        """define the XML; if accepted dump it and undefine. Returns (accepted, message, output)."""
        path = os.path.join(tmpdir, name + ".xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(xml_text)
        code, out, err = self.run("define", path)
        if code != 0:
            msg = self.message(err)
            if "failed to connect" in msg.lower() or not msg:
                raise SystemExit("virsh define failed without a libvirt verdict: " + err)
            # a rejected define leaves nothing behind, but make sure
            self.run("undefine", name)
            return False, msg, None
        code, dumped, err = self.run("dumpxml", "--inactive", name)
        ucode, _, uerr = self.run("undefine", name)
        if code != 0:
            raise SystemExit("dumpxml of %s failed: %s" % (name, err))
        if ucode != 0:
            raise SystemExit("undefine of %s failed: %s" % (name, uerr))
        return True, "", dumped


@contextlib.contextmanager
def session(prefix, uri=URI):
    """(Virsh, scratch directory) for defining `prefix*` domains; their leftovers are removed
    before and after, and the scratch directory after."""
    virsh = Virsh(uri)
    virsh.cleanup(prefix)
    tmp = tempfile.mkdtemp(prefix=prefix)
    try:
        yield virsh, tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        virsh.cleanup(prefix)
