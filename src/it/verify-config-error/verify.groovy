def log = new File(basedir, 'build.log').text
assert log.contains('addralloc: the configured directory no/such/dir does not exist; fix <directories> (or -Daddralloc.directories)')
assert !(log =~ /\tat [a-z]/) : 'a configuration error printed a stack trace'
true
