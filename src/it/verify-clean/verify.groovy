def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('addralloc: 3 files checked (2 domains, 1 networks, 0 unreadable), 1 skipped (not libvirt XML); 0 errors, 0 warnings')
def xml = new File(basedir, 'target/addralloc/addralloc-result.xml')
assert xml.isFile()
def report = new groovy.xml.XmlSlurper().parse(xml)
assert report.file.size() == 3
assert report.file.error.size() == 0
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/addralloc/addralloc.sarif'))
assert sarif.version == '2.1.0'
assert sarif.runs[0].results.isEmpty()
// two runs: the second takes all four results from the cache and reports the same summary
assert log.count('addralloc: 3 files checked (2 domains, 1 networks, 0 unreadable), 1 skipped (not libvirt XML); 0 errors, 0 warnings') == 2
assert log.contains('addralloc: 4 of 4 files unchanged since the last run; their results came from the cache')
assert new File(basedir, 'target/addralloc/cache-verify.bin').isFile()
true
