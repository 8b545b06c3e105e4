// requirePinned: a file assign would change is an error (addralloc.pin.Unpinned), one finding per
// file at the first element assign changes; a pinned file has none. After assign, verify passes.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /\[ERROR\] vms\/web01.xml:\d+:\d+: error: not pinned: assign would add \d+ addresses and \d+ elements, starting here; .* Run mvn addralloc:assign and commit the result \[addralloc.pin.Unpinned\]/
assert !(log =~ /vms\/db01.xml:\d+:\d+: .*\[addralloc.pin.Unpinned\]/) : 'db01.xml is pinned'
assert log.contains('addralloc: 2 files checked (2 domains, 0 networks, 0 unreadable), 0 skipped (not libvirt XML); 1 errors, 0 warnings')
assert log.contains('addralloc found 1 error in 1 file')
assert log.contains('addralloc: changed 1 file:')
// the third run, after assign: pinned, clean
assert log.contains('addralloc: 2 files checked (2 domains, 0 networks, 0 unreadable), 0 skipped (not libvirt XML); 0 errors, 0 warnings')
assert log.trim().endsWith('BUILD SUCCESS') || log.lastIndexOf('BUILD SUCCESS') > log.lastIndexOf('BUILD FAILURE')
assert new File(basedir, 'vms/web01.xml').text.contains("<address type='pci'")
true
