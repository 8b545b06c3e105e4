"""What the corpus generators of tools/libvirt-corpus share (Python 3 standard library only).

  virsh      Virsh(uri): run, message, cleanup(prefix), trial(xml, name, tmpdir)
  messages   one_line(err): libvirt's error as one manifest cell; shape(msg): for counting
  xmlbuild   domain XML: ElementTree helpers, libvirt output made an input, text snippets (Dom)
  mix        Mix: the x86 device mixes of generate.py (archgen.py builds on them)
  faults     one registry of injected faults (generate.py's and archgen.py's)
  corpus     the corpus on disk: manifest, cases, judging them on the daemon, summaries
  cli        the command-line flags the generators share, the progress line

The scripts beside this package import it as `corpuslib.<module>`: Python puts a script's own
directory on sys.path, so no path juggling is needed (see README.md, "Running the tools").
"""
