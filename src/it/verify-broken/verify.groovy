def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
// every finding of the build, in path:line:col form with its rule id
assert log =~ /\[ERROR\] src\/main\/resources\/vms\/app01.xml:15:7: error: disk 'sdb' has drive address .* \[addralloc.drive.DuplicateAddress\]/
assert log =~ /\[ERROR\] src\/main\/resources\/vms\/app01.xml:25:7: error: PCI address 0000:00:03.0 is already used by interface #1 \(e1000\) at line 17.*\[addralloc.pci.DuplicateAddress\]/
assert log =~ /\[ERROR\] src\/main\/resources\/vms\/app01.xml:30:7: error: PCI slot 0x21 is out of range.*\[addralloc.pci.OutOfRange\]/
assert log =~ /\[ERROR\] src\/main\/resources\/vms\/half.xml:5:5: error: not well-formed XML: .*\[addralloc.xml.NotWellFormed\]/
assert log.contains('addralloc: 3 files checked (2 domains, 0 networks, 1 unreadable), 0 skipped (not libvirt XML); 4 errors, 0 warnings')
assert log.contains('addralloc found 4 errors in 2 files')
assert !(log =~ /\tat io\.addralloc/) : 'a user error printed a stack trace'
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/addralloc/addralloc-result.xml'))
def app = report.file.find { it.@name.text() == new File(basedir, 'src/main/resources/vms/app01.xml').path }
assert app.error.size() == 3
assert app.error.collect { it.@source.text() } as Set == ['addralloc.drive.DuplicateAddress', 'addralloc.pci.DuplicateAddress', 'addralloc.pci.OutOfRange'] as Set
assert report.file.find { it.@name.text() == new File(basedir, 'src/main/resources/vms/web01.xml').path }.error.size() == 0
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/addralloc/addralloc.sarif'))
def results = sarif.runs[0].results
assert results.size() == 4
assert results.every { it.level == 'error' && it.locations[0].physicalLocation.artifactLocation.uri.contains('verify-broken/src/main/resources/vms/') }
def rules = sarif.runs[0].tool.driver.rules
assert results.every { rules[it.ruleIndex].id == it.ruleId }
true
