// dryRun prints a unified diff of what assign would write and leaves the file alone.
def file = new File(basedir, 'src/main/resources/vms/web01.xml')
assert !file.text.contains('<address') : 'dryRun wrote the file'
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('--- a/src/main/resources/vms/web01.xml')
assert log.contains('+++ b/src/main/resources/vms/web01.xml')
assert log =~ /\n\+ +<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'\/>/
assert log =~ /\n\+ +<controller type='pci' index='1' model='pcie-root-port'>/
assert log =~ /addralloc: would change 1 file: \d+ addresses and \d+ elements added/
assert new File(basedir, 'src/main/resources/vms').list() as List == ['web01.xml']
true
