def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')
// found once, on the later file, naming the other module's file from the reactor's top
def mac = /\[ERROR\] module-b\/src\/main\/resources\/vms\/db01.xml:10:7: error: MAC 52:54:00:20:00:01 is also used by an interface of domain 'web01' in module-a\/src\/main\/resources\/vms\/web01.xml:10:7; .*\[addralloc.build.DuplicateMac\]/
assert (log =~ mac).size() == 1 : log
assert log.contains('addralloc: files compared across the 3 modules of the build (build scope): 1 errors, 0 warnings')
assert log.contains('addralloc found 1 error across the modules of the build, in 1 file; see the lines above')
// each module is clean on its own: no module's own run found an error
assert !(log =~ /addralloc found \d+ errors? in/)
assert log.contains('BUILD FAILURE')
true
