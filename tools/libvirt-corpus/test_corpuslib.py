#!/usr/bin/env python3
"""Tests of corpuslib (standard library unittest; no libvirt needed: a fake `virsh` on PATH).

    cd tools/libvirt-corpus && python3 -m unittest -v test_corpuslib
"""

import os
import random
import shutil
import stat
import sys
import tempfile
import unittest
from unittest import mock

from corpuslib import corpus, faults, messages, xmlbuild
from corpuslib.virsh import Virsh

# A fake virsh: `define` refuses a file holding "bad" (with libvirt's two error lines) and says
# nothing for one holding "silent", else keeps it; `dumpxml` prints it back with a <uuid>;
# `list --all --name` lists what it keeps. Every call is logged to $FAKE_VIRSH_DIR/calls.
FAKE_VIRSH = r'''#!%s
import os, re, sys
state = os.environ["FAKE_VIRSH_DIR"]
args = sys.argv[1:]
assert args[:3] == ["-q", "-c", "test:///fake"], args
cmd, rest = args[3], args[4:]
with open(os.path.join(state, "calls"), "a") as log:
    log.write(" ".join([cmd] + [os.path.basename(a) for a in rest]) + "\n")
def kept(name):
    return os.path.join(state, "dom-" + name)
if cmd == "define":
    text = open(rest[0]).read()
    if "silent" in text:
        sys.exit(1)
    if "bad" in text:
        sys.stderr.write("error: Failed to define domain from %%s\nerror: XML error: bad\tthing\n\n" %% rest[0])
        sys.exit(1)
    name = re.search(r"<name>([^<]*)</name>", text).group(1)
    open(kept(name), "w").write(text)
elif cmd == "dumpxml":
    assert rest[0] == "--inactive"
    if not os.path.exists(kept(rest[1])):
        sys.exit(1)
    sys.stdout.write(open(kept(rest[1])).read().replace("</name>", "</name><uuid>u</uuid>", 1))
elif cmd == "undefine":
    if not os.path.exists(kept(rest[0])):
        sys.stderr.write("error: failed to get domain\n")
        sys.exit(1)
    os.remove(kept(rest[0]))
elif cmd == "destroy":
    sys.exit(1)
elif cmd == "list":
    print("\n".join(sorted(n[4:] for n in os.listdir(state) if n.startswith("dom-"))))
''' % sys.executable


def domain(name, body=""):
    return "<domain type='qemu'><name>%s</name>%s</domain>\n" % (name, body)


class FakeVirshTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="corpuslib-test-")
        self.state = os.path.join(self.dir, "state")
        os.mkdir(self.state)
        exe = os.path.join(self.dir, "virsh")
        with open(exe, "w") as f:
            f.write(FAKE_VIRSH)
        os.chmod(exe, os.stat(exe).st_mode | stat.S_IXUSR)
        env = {"PATH": self.dir + os.pathsep + os.environ.get("PATH", ""), "FAKE_VIRSH_DIR": self.state}
        patcher = mock.patch.dict(os.environ, env)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.tmp = os.path.join(self.dir, "tmp")
        os.mkdir(self.tmp)
        self.virsh = Virsh("test:///fake")

    def calls(self):
        with open(os.path.join(self.state, "calls")) as f:
            return f.read().splitlines()

    def domains(self):
        return sorted(n[4:] for n in os.listdir(self.state) if n.startswith("dom-"))

    def test_trial_accepted_dumps_and_undefines(self):
        ok, msg, out = self.virsh.trial(domain("t-1"), "t-1", self.tmp)
        self.assertEqual((ok, msg), (True, ""))
        self.assertEqual(out, domain("t-1").replace("</name>", "</name><uuid>u</uuid>"))
        self.assertEqual(self.calls(), ["define t-1.xml", "dumpxml --inactive t-1", "undefine t-1"])
        self.assertEqual(self.domains(), [])
        self.assertEqual(self.virsh.calls, 3)

    def test_trial_rejected_gives_libvirts_message_on_one_line(self):
        ok, msg, out = self.virsh.trial(domain("t-2", "bad"), "t-2", self.tmp)
        self.assertEqual((ok, msg, out), (False, "XML error: bad thing", None))
        self.assertEqual(self.calls(), ["define t-2.xml", "undefine t-2"])

    def test_trial_without_a_verdict_stops_the_run(self):
        with self.assertRaises(SystemExit):
            self.virsh.trial(domain("t-3", "silent"), "t-3", self.tmp)

    def test_cleanup_removes_only_its_prefix(self):
        for name in ("mine-1", "mine-2", "other-1"):
            with open(os.path.join(self.state, "dom-" + name), "w") as f:
                f.write(domain(name))
        with mock.patch("sys.stderr"):
            self.virsh.cleanup("mine-")
        self.assertEqual(self.domains(), ["other-1"])

    def test_judge_and_write_writes_the_corpus_and_replaces_the_old_one(self):
        out = os.path.join(self.dir, "out")
        os.makedirs(os.path.join(out, "cases", "stale"))
        cases = [("c1", "pc", "mixed", "none", domain("p-c1")),
                 ("c2", "q35", "fault", "dup", domain("p-c2", "bad")),
                 corpus.Case("c3", "virt", "probe", "none", domain("own-name"), "own-name")]
        rows = corpus.judge_and_write(cases, out, "p-", workers=2, uri="test:///fake",
                                      fault_of=lambda ok, msg: "none" if ok else "other")
        self.assertEqual(rows, [("c1", "pc", "mixed", "none", "accepted", ""),
                                ("c2", "q35", "fault", "other", "rejected", "XML error: bad thing"),
                                ("c3", "virt", "probe", "none", "accepted", "")])
        self.assertEqual(corpus.read_manifest(out), rows)
        self.assertEqual(sorted(os.listdir(os.path.join(out, "cases"))), ["c1", "c2", "c3"])
        self.assertEqual(sorted(os.listdir(os.path.join(out, "cases", "c2"))), ["input.xml"])
        with open(os.path.join(out, "cases", "c3", "output.xml")) as f:
            self.assertIn("<uuid>u</uuid>", f.read())
        self.assertEqual(self.domains(), [])

    def test_dry_run_writes_inputs_only_and_never_calls_virsh(self):
        out = os.path.join(self.dir, "dry")
        self.assertIsNone(corpus.judge_and_write([("c1", "pc", "k", "none", domain("p-c1"))], out, "p-",
                                                 dry_run=True, uri="test:///fake"))
        self.assertEqual(os.listdir(out), ["cases"])
        with open(os.path.join(out, "cases", "c1", "input.xml")) as f:
            self.assertEqual(f.read(), domain("p-c1"))
        self.assertFalse(os.path.exists(os.path.join(self.state, "calls")))


class ManifestTest(unittest.TestCase):
    def test_round_trip(self):
        out = tempfile.mkdtemp(prefix="corpuslib-test-")
        self.addCleanup(shutil.rmtree, out, True)
        rows = [("c0001", "pc", "mixed", "none", "accepted", ""),
                ("c0002", "s390x", "fault", "ccw-dup-devno", "rejected", "XML error: it's 'x' at 0000:00:01.0")]
        corpus.write_manifest(out, rows)
        with open(os.path.join(out, "manifest.tsv"), encoding="utf-8") as f:
            self.assertEqual(f.readline(), "id\tmachine\tkind\tfault\tverdict\tmessage\n")
        self.assertEqual(corpus.read_manifest(out), rows)
        self.assertEqual(corpus.MANIFEST_COLUMNS, ("id", "machine", "kind", "fault", "verdict", "message"))


class MessagesTest(unittest.TestCase):
    def test_one_line(self):
        err = "error: Failed to define domain from /tmp/x.xml\nerror: XML error: a\tb\r\n\nmore\n"
        self.assertEqual(messages.one_line(err), "XML error: a b  more")

    def test_shape(self):
        self.assertEqual(messages.shape("Attempted double use of PCI Address 0000:00:1f.7 'x' slot=0x1f, 12"),
                         "Attempted double use of PCI Address D:B:S.F 'X' slot=N, N")


class DrawingTest(unittest.TestCase):
    """What the generators draw depends on these; a change here changes every corpus."""

    def test_fault_registries_keep_their_order(self):
        self.assertEqual(list(faults.registry(faults.GENERATE)), [
            "dup-pci-address", "dup-drive-address", "dup-virtio-serial-port", "dup-usb-port", "pci-slot-above-0x1f",
            "pci-function-above-7", "pci-bus-missing", "pci-slot0", "pci-domain-nonzero", "virtio-serial-port-beyond",
            "virtio-serial-controller-missing", "drive-unit-beyond", "drive-bus-beyond", "drive-controller-missing",
            "usb-port-beyond", "usb-bus-missing", "usb-controller-none", "address-type-mismatch", "malformed-value",
            "multifunction", "pcie-device-on-pci-bridge", "pci-device-on-root-port", "pcie-controller-on-pc",
            "dup-controller-index", "ide-on-q35"])
        self.assertEqual(list(faults.registry(faults.ARCHGEN)), [
            "ccw-dup-devno", "ccw-out-of-range", "ccw-partial", "ccw-wrong-machine", "zpci-dup", "zpci-out-of-range",
            "spapr-vio-dup-reg", "spapr-vio-reg-steal", "spapr-vio-bad-reg", "phb-target-index", "phb-slot0",
            "root-port-slot-nonzero", "bridge-on-root", "virtio-mmio-mix", "pcie-device-on-pci-bridge",
            "pci-device-on-root-port", "pcie-controller-on-pseries", "usb-controller-gone", "dup-pci-address",
            "pci-slot-above-0x1f", "pci-function-above-7", "pci-bus-missing", "pci-slot0", "pci-domain-nonzero",
            "malformed-value", "dup-drive-address", "dup-virtio-serial-port", "dup-usb-port", "dup-controller-index",
            "dimm-slot-beyond", "dimm-dup-slot", "dimm-too-many", "dimm-no-maxmemory", "dimm-base",
            "dimm-bad-address", "isa-bad"])

    def test_dup_pair_copies_the_first_address_onto_the_second(self):
        root = xmlbuild.parse("<domain><devices><a><address type='pci' slot='0x01'/></a>"
                              "<b><address type='pci' slot='0x02'/></b></devices></domain>")
        devs = list(xmlbuild.devices_of(root))
        self.assertIsNone(faults.dup_pair(random.Random(1), devs[:1]))
        a, b = faults.dup_pair(random.Random(1), devs)
        self.assertEqual(xmlbuild.addr(a).attrib, xmlbuild.addr(b).attrib)

    def test_text_builders(self):
        self.assertEqual(xmlbuild.disk_suffix(0) + xmlbuild.disk_suffix(25) + xmlbuild.disk_suffix(26), "azaa")
        self.assertEqual(xmlbuild.hexs(5) + " " + xmlbuild.hexs(5, 0) + " " + xmlbuild.hexs(5, 4), "0x05 0x5 0x0005")
        text = xmlbuild.domain_text("d", " arch='x86_64'", [xmlbuild.simple("rng", "model='virtio'", ["<x/>"])],
                                    "<memory unit='KiB'>1</memory>")
        self.assertEqual(text, "<domain type='qemu'>\n  <name>d</name>\n  <memory unit='KiB'>1</memory>\n"
                               "  <vcpu>1</vcpu>\n  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n  <devices>\n"
                               "    <rng model='virtio'>\n      <x/>\n    </rng>\n  </devices>\n</domain>\n")


if __name__ == "__main__":
    unittest.main()
