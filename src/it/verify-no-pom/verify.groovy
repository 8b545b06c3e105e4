import java.nio.file.Files

assert !new File(basedir, 'pom.xml').exists()
def log = new File(basedir, 'build.log').text
def runs = log.split('--- addralloc:')  // [0] before the first run, then verify, assign, baseline
assert runs.size() == 4 : log
assert log.contains('Building Maven Stub Project (No POM)')
assert runs[1].contains('addralloc: 2 files checked (2 domains, 0 networks, 0 unreadable), 0 skipped (not libvirt XML); 0 errors, 2 warnings')
assert runs[1] =~ /\[WARNING\] db01.xml:\d+:\d+: warning: .*\[addralloc.pin.Unpinned\]/
assert runs[1] =~ /\[WARNING\] vms\/web01.xml:\d+:\d+: warning: .*\[addralloc.pin.Unpinned\]/
assert !log.contains('.terraform') && !log.contains('left-over') : 'a hidden directory or target/ was read'
assert runs[2].contains('addralloc: would change 2 files')
assert runs[3].contains('addralloc: baseline addralloc-baseline.xml written: 2 findings in 2 files accepted')
assert !(log =~ /addralloc found \d+/)
assert log.count('BUILD SUCCESS') == 3
def reports = basedir.toPath().resolve('target/addralloc')
assert Files.isRegularFile(reports.resolve('addralloc-result.xml'))
def sarif = new groovy.json.JsonSlurper().parse(reports.resolve('addralloc.sarif').toFile())
assert sarif.runs[0].automationDetails.id == 'addralloc/verify-no-pom/'
assert new File(basedir, 'addralloc-baseline.xml').isFile()
assert !new File(basedir, '${project.basedir}').exists() : 'an uninterpolated path was made'
assert new File(basedir, 'target/left-over.xml').isFile()
assert new File(basedir, 'vms/web01.xml').text.contains("<mac address='52:54:00:10:00:01'/>") // the dry run wrote nothing
true
