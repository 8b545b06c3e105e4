// The files assign wrote must equal, byte for byte, the expected files (each checked with
// libvirt 9.0: defining it and dumping it back moves no address), on x86, s390x, ppc64 and aarch64.
def expectedDir = new File(basedir, 'expected')
def written = new File(basedir, 'src/main/resources/vms')
def names = expectedDir.list().sort()
assert names == ['arm-web03.xml', 'crlf01.xml', 'db01.xml', 'ppc-db02.xml', 's390-app01.xml', 'web01.xml']
names.each { name ->
    byte[] want = new File(expectedDir, name).bytes
    byte[] got = new File(written, name).bytes
    assert want.length > 0 : "expected/${name} is empty"
    assert got == want : "${name} differs from expected/${name}:\n" + new String(got, 'UTF-8')
}
// no temporary files left behind by the atomic writes
assert written.list().sort() == names
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert !(log =~ /\tat io\.addralloc/)
// the second run changed nothing
assert log.contains('addralloc: changed 0 files: 0 addresses and 0 elements added')
true
