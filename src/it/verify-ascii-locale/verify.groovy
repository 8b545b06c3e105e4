// verify, then assign, in the C locale: every file checked and reported, the clean one with a
// non-ASCII name written, no stack trace.
import java.nio.file.Files

def log = new File(basedir, 'build.log').text
assert !(log =~ /(?m)^\s+at [\w.$]+\(/) : 'a stack trace in the log'
assert !log.contains('InvalidPathException') && !log.contains('MalformedInput') : log
// the console is ASCII here, so the JVM prints the é it cannot encode as '?': proof of the locale
assert log.count('[ERROR] src/main/resources/vms/caf?.xml:9:7: error: PCI slot 0x22 is out of range') == 2 : log
assert log.count('addralloc: 3 files checked (3 domains, 0 networks, 0 unreadable)') == 2 : log
assert log.contains('addralloc: changed 2 files:') : log // café.xml has an error; the other two are written

// the reports are UTF-8 whatever the locale, and name every file exactly
def report = new File(basedir, 'target/addralloc/addralloc-result.xml').getText('UTF-8')
['caf\u00e9.xml', 'na\u00efve.xml', 'plain.xml'].each { name ->
    assert report.contains('/src/main/resources/vms/' + name + '"') : report // absolute names
}

// assign wrote naïve.xml under its own name and left no temporary file
def vms = new File(basedir, 'src/main/resources/vms').toPath()
def names = []
Files.newDirectoryStream(vms).withCloseable { ds -> ds.each { names << it.fileName.toString() } }
assert names.sort() == ['caf\u00e9.xml', 'na\u00efve.xml', 'plain.xml'] : names
assert Files.readString(vms.resolve('na\u00efve.xml')).contains("<address type='pci'")

// leave no name an ASCII JVM cannot delete in target/it (its clean-up lists names as strings)
Files.newDirectoryStream(vms).withCloseable { ds -> ds.each { Files.delete(it) } }
true
