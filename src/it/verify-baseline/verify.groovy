def log = new File(basedir, 'build.log').text
def runs = log.split('--- addralloc:')  // [0] before the first run, then verify, baseline, verify
assert runs.size() == 4
// first run: app01's finding moved 7 lines down and is still known; db01's is fixed; web01's is new
assert log.contains('[ERROR] vms/web01.xml:52:7: error: PCI slot 0x21 is out of range; a slot must be at most 0x1f (31) [addralloc.pci.OutOfRange]')
assert !(runs[1] =~ /\[ERROR\] vms\/app01.xml/) : 'a finding of the baseline was listed'
assert runs[2] =~ /\[ERROR\] vms\/app01.xml:62:7: .*\[addralloc.pci.DuplicateAddress\]/ : 'baseline lists what it accepts'
assert log.contains('addralloc: baseline addralloc-baseline.xml: 1 finding known, 1 new; 1 baseline finding is fixed, run mvn addralloc:baseline again to shrink it')
assert log.contains('addralloc found 1 error in 1 file')
// addralloc:baseline accepts what is there now
assert log.contains('addralloc: baseline addralloc-baseline.xml written: 2 findings in 2 files accepted')
def baseline = new groovy.xml.XmlSlurper().parse(new File(basedir, 'addralloc-baseline.xml'))
assert baseline.file.collect { it.@path.text() } == ['vms/app01.xml', 'vms/web01.xml']
assert baseline.file.finding.collect { it.@rule.text() } == ['addralloc.pci.DuplicateAddress', 'addralloc.pci.OutOfRange']
// last run: nothing new
assert log.contains('addralloc: baseline addralloc-baseline.xml: 2 findings known, 0 new')
assert log.lastIndexOf('BUILD SUCCESS') > log.lastIndexOf('BUILD FAILURE')
true
