def log = new File(basedir, 'build.log').text
// <rules> reached the plugin: DuplicateName is off (neither listed nor counted), DuplicateUuid a warning
assert !log.contains('addralloc.build.DuplicateName')
assert log =~ /\[WARNING\] vms\/win10_old.xml:3:3: warning: UUID 7b2e1c40-5d6f-4a8b-9c0d-000000000010 is also used by .*\[addralloc.build.DuplicateUuid\]/
assert log.count('addralloc: 2 files checked (2 domains, 0 networks, 0 unreadable), 0 skipped (not libvirt XML); 0 errors, 1 warnings') == 3
// failOnSeverity=warning fails on it
assert log.contains('addralloc found 1 finding at warning or worse (failOnSeverity) in 1 file')
assert log.count('BUILD FAILURE') == 1
// failOnError=false still turns failing off
assert log.contains('addralloc found 1 finding at warning or worse (failOnSeverity) in 1 file; see the lines above and target/addralloc/addralloc-result.xml (failOnError is false, so the build goes on)')
assert log.count('BUILD SUCCESS') == 2
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/addralloc/addralloc.sarif'))
assert sarif.runs[0].results.collect { it.ruleId + ' ' + it.level } == ['addralloc.build.DuplicateUuid warning']
true
