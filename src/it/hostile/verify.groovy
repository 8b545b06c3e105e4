// Both runs (verify, then assign) over the hostile files, two modules in parallel.
import java.nio.file.Files
import java.nio.file.LinkOption
import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
// no stack trace for user errors, no hang (we got here), nothing leaked
assert !(log =~ /(?m)^\s+at [\w.$]+\(/) : 'a stack trace in the log'
assert !log.contains('SECRET-OUTSIDE') && !log.contains('root:x:0') : 'content from outside the scanned directory'
log.readLines().findAll { it.contains('[addralloc.xml.') }.each { line ->
    assert !line.toUpperCase().contains('LEAKME') : 'a refused file quoted: ' + line
}
// verify (bound to the lifecycle) fails in each module; assign, a goal of the command line that needs no
// pom, runs once on the top project, which runs it on each module and fails once, naming both
assert log.count('[ERROR] Failed to execute goal') == 3 : 'each module fails once in verify, the reactor once in assign'
assert log =~ /(?m)^\[INFO\] addralloc:assign @ hostile-corpus$/ && log =~ /(?m)^\[INFO\] addralloc:assign @ hostile-generated$/

// every file is reported in each module's checkstyle report, with the expected kind of finding
def expectClean = ['foreign-root.xml', 'xinclude-network.xml'] as Set
def generated = [
    'big.xml': 'addralloc.xml.Unreadable', 'binary.xml': 'addralloc.xml.NotWellFormed',
    'deep.xml': 'addralloc.xml.NotWellFormed',
    'link-inside.xml': 'addralloc.address.InvalidValue', 'link-outside.xml': 'addralloc.xml.Unreadable',
    'link-absolute.xml': 'addralloc.xml.Unreadable', 'dangling.xml': 'addralloc.xml.Unreadable',
    'loop-a.xml': 'addralloc.xml.Unreadable', 'loop-b.xml': 'addralloc.xml.Unreadable',
    'fifo.xml': 'addralloc.xml.Unreadable', 'dir.xml': 'addralloc.xml.Unreadable']
def corpusNames = new File(basedir, 'corpus/files').list().sort()
assert corpusNames.size() >= 30
['corpus', 'generated'].each { module ->
    def report = new groovy.xml.XmlSlurper().parse(new File(basedir, module + '/target/addralloc/addralloc-result.xml'))
    def names = module == 'corpus' ? corpusNames.findAll { it != 'foreign-root.xml' } : generated.keySet().sort()
    // absolute names; what follows the module's directory is files/<name>
    def inModule = { String n -> n.substring(n.lastIndexOf('/' + module + '/') + module.length() + 2) }
    def reported = report.file.collect { inModule(it.@name.text()) }.sort()
    assert reported == names.collect { 'files/' + it } : module + ': ' + reported
    report.file.each { file ->
        def name = inModule(file.@name.text()) - 'files/'
        if (expectClean.contains(name)) {
            assert file.error.size() == 0 : name
        } else {
            assert file.error.size() == 1 : name + ' has ' + file.error.size() + ' findings'
            if (module == 'generated') {
                assert file.error[0].@source.text() == generated[name] : name
            }
            // built from the reactor's top: console paths start at the module's directory
            assert log.contains('[ERROR] ' + module + '/files/' + name + ':') : name + ' not in the log'
        }
    }
}
assert log.contains(' 1 skipped (not libvirt XML)') // foreign-root.xml, in each run

// assign changed nothing and left no temporary file
new File(basedir, 'hashes.txt').eachLine { line ->
    def (path, sha) = line.split(' ')
    def p = new File(basedir, path).toPath()
    assert sha == MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(p)).encodeHex().toString() : path + ' changed'
}
['corpus/files', 'generated/files'].each { dir ->
    assert !new File(basedir, dir).list().any { it.endsWith('.tmp') } : 'a temporary file in ' + dir
}
assert Files.isSymbolicLink(new File(basedir, 'generated/files/link-inside.xml').toPath())
true
