// Suppressions: an XPath entry of the suppressions file and an addralloc:ignore comment take two real
// errors out of the console's list; a bad regex, an unused entry and an unused comment are reported.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert !log.contains('[addralloc.pci.DuplicateAddress]') && !log.contains('[addralloc.pci.OutOfRange]') : 'a suppressed finding was listed'
assert log.contains('[ERROR] addralloc-suppressions.xml:7:3: error: rule="addralloc.pci.(Duplicate" is not a regular expression: Unclosed group at index 24; this entry is ignored [addralloc.suppression.Invalid]')
assert log.contains('[WARNING] addralloc-suppressions.xml:9:3: warning: suppression files="vms/old/.*" matched no finding in this build;')
assert log.contains('[WARNING] vms/web01.xml:55:5: warning: addralloc:ignore addralloc.pci.DuplicateAddress suppresses nothing: <memballoon> below it has no finding of addralloc.pci.DuplicateAddress; remove the comment [addralloc.suppression.Unused]')
assert log.contains('addralloc: 2 findings suppressed (2 errors), not listed above; the SARIF report keeps them as suppressed results')
assert log.contains('addralloc: 2 files checked (2 domains, 0 networks, 0 unreadable), 0 skipped (not libvirt XML); 1 errors, 2 warnings')
assert log.contains('addralloc found 1 error in 1 file')
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/addralloc/addralloc.sarif'))
def suppressed = sarif.runs[0].results.findAll { it.suppressions }
assert suppressed.collect { [it.ruleId, it.suppressions[0].kind, it.suppressions[0].justification] } == [
    ['addralloc.pci.DuplicateAddress', 'external', "legacy app01 keeps its balloon on the NIC's slot until it moves (OPS-1432)"],
    ['addralloc.pci.OutOfRange', 'inSource', "slot 0x22 is where the old host's NIC driver expects it"]]
assert suppressed[0].locations[0].physicalLocation.artifactLocation.uri.endsWith('vms/legacy/app01.xml')
assert sarif.runs[0].results.count { !it.suppressions } == 3
// checkstyle's format has no suppressions: the suppressed findings are not in it
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/addralloc/addralloc-result.xml'))
assert !report.file.error.collect { it.@source.text() }.any { it.startsWith('addralloc.pci.') }
true
