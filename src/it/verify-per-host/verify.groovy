def log = new File(basedir, 'build.log').text
def runs = log.split('--- addralloc:')  // [0] before the first run, then directory, build
assert runs.size() == 3 : log
def mac = /\[ERROR\] hosts\/kvm2\/db.xml:10:7: error: MAC 52:54:00:30:00:01 is also used by an interface of domain 'web' in hosts\/kvm1\/web.xml:10:7; .*\[addralloc.build.DuplicateMac\]/
assert runs[1] =~ mac
assert !runs[1].contains('addralloc.build.DuplicateName') : 'the same name on two hosts was reported'
assert runs[1].contains('addralloc found 1 error in 1 file')
assert runs[2] =~ mac
assert runs[2] =~ /\[ERROR\] hosts\/kvm2\/web.xml:2:3: error: domain name 'web' is also defined by hosts\/kvm1\/web.xml:2:3; .*\[addralloc.build.DuplicateName\]/
assert runs[2].contains('addralloc found 2 errors in 2 files')
true
