def log = new File(basedir, 'build.log').text
assert log.contains('addralloc:help') : 'help goal did not list itself'
assert log.contains('BUILD SUCCESS')
true
