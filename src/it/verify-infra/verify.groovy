// A small infrastructure repository: every domain here is one libvirt 9.0 accepts on its own
// (checked with virsh define); the clashes are between files, which libvirt cannot see.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains("[ERROR] networks/wan.xml:6:7: error: Cannot parse socket address '10.20.0.300' [addralloc.network.Invalid]")
assert log.contains("[ERROR] vms/old/db01.xml:2:3: error: domain name 'db01' is also defined by vms/db01.xml:2:3;")
assert log.contains("[ERROR] vms/web02.xml:3:3: error: UUID 6a1c8d2e-0b7f-4c1e-9d3a-2f4b5c6d7e01 is also used by domain 'web01' in vms/web01.xml:3:3;")
assert log.contains("[ERROR] vms/web02.xml:10:7: error: MAC 52:54:00:10:00:01 is also used by an interface of domain 'web01' in vms/web01.xml:10:7;")
assert log.contains("[WARNING] vms/db01.xml:10:7: warning: network 'lan' gives MAC 52:54:00:10:00:03 to host 'cache01' (networks/lan.xml:8:7)")
assert log.contains("[WARNING] vms/web02.xml:10:7: warning: network 'lan' gives MAC 52:54:00:10:00:01 to host 'web01' (networks/lan.xml:7:7)")
assert log.contains('addralloc: 6 files checked (4 domains, 2 networks, 0 unreadable), 0 skipped (not libvirt XML); 4 errors, 4 warnings')
// the two files without errors are not pinned (a warning without requirePinned); those with errors are left to them
assert log =~ /\[WARNING\] vms\/web01.xml:8:3: warning: not pinned: .*\[addralloc.pin.Unpinned\]/
assert !(log =~ /vms\/web02.xml:\d+:\d+: warning: not pinned/)
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/addralloc/addralloc-result.xml'))
def sources = report.file.error.collect { it.@source.text() }.sort()
assert sources == ['addralloc.build.DuplicateMac', 'addralloc.build.DuplicateName', 'addralloc.build.DuplicateUuid',
                   'addralloc.network.HostMismatch', 'addralloc.network.HostMismatch', 'addralloc.network.Invalid',
                   'addralloc.pin.Unpinned', 'addralloc.pin.Unpinned']
true
