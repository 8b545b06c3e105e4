def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('unknown property addralloc.dryrun; did you mean addralloc.dryRun?')
assert !log.contains('files checked') : 'assign read the files'
assert !(log =~ /\tat io\.addralloc/)
// nothing written: the file is as it was, and not even the reports' directory was made
assert new File(basedir, 'vms/web01.xml').bytes == new File(basedir, 'web01.original').bytes
assert !new File(basedir, 'target/addralloc').exists()
true
