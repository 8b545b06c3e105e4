// (invoker's preBuildHookScript) Fills the two modules: corpus/files gets the committed hostile files of the plugin's own
// src/test/resources/hostile; generated/files gets what cannot be committed. Then records a
// hash of every regular file so verify.groovy can prove that assign changed none of them.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.security.MessageDigest

Path base = basedir.toPath().toAbsolutePath()
Path repo = base
while (repo != null && !Files.isDirectory(repo.resolve('src/test/resources/hostile'))) {
    repo = repo.parent
}
assert repo != null : 'cannot find src/test/resources/hostile above ' + base
Path corpus = Files.createDirectories(base.resolve('corpus/files'))
repo.resolve('src/test/resources/hostile').toFile().eachFile { f ->
    Files.copy(f.toPath(), corpus.resolve(f.name))
}

Path gen = Files.createDirectories(base.resolve('generated/files'))
// tens of megabytes (sparse, so it costs no disk)
new RandomAccessFile(gen.resolve('big.xml').toFile(), 'rw').withCloseable { it.setLength(40L * 1024 * 1024) }
// binary garbage with an .xml name
def random = new Random(42)
byte[] garbage = new byte[256 * 1024]
random.nextBytes(garbage)
Files.write(gen.resolve('binary.xml'), garbage)
// deep nesting
Files.writeString(gen.resolve('deep.xml'), '<domain>' + '<a>' * 100000 + '</a>' * 100000 + '</domain>')
// a link inside the scanned directory is followed; its target (a domain with a finding) is
// not itself selected (*.xml.in), so the domain is checked once, under the link's name
Files.copy(repo.resolve('src/test/resources/hostile/attr-negative.xml'), gen.resolve('target.xml.in'))
Files.createSymbolicLink(gen.resolve('link-inside.xml'), Paths.get('target.xml.in'))
// links that leave the scanned directory: never followed
Files.writeString(base.resolve('generated/secret.xml'), '<domain><name>SECRET-OUTSIDE</name></domain>')
Files.createSymbolicLink(gen.resolve('link-outside.xml'), Paths.get('../secret.xml'))
Files.createSymbolicLink(gen.resolve('link-absolute.xml'), base.resolve('generated/secret.xml'))
// cannot be read (we run as root, so chmod 000 would not stop a read): dangling and looping
// links, a FIFO (reading it would block the build forever) and a directory named *.xml
Files.createSymbolicLink(gen.resolve('dangling.xml'), Paths.get('no-such-file.xml'))
Files.createSymbolicLink(gen.resolve('loop-a.xml'), Paths.get('loop-b.xml'))
Files.createSymbolicLink(gen.resolve('loop-b.xml'), Paths.get('loop-a.xml'))
def mkfifo = ['mkfifo', gen.resolve('fifo.xml').toString()].execute()
assert mkfifo.waitFor() == 0
Files.createDirectories(gen.resolve('dir.xml'))

def hashes = new StringBuilder()
[corpus, gen].each { dir ->
    dir.toFile().listFiles().sort { it.name }.each { f ->
        Path p = f.toPath()
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            def sha = MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(p)).encodeHex().toString()
            hashes << base.relativize(p).toString() << ' ' << sha << '\n'
        }
    }
}
Files.writeString(base.resolve('hashes.txt'), hashes.toString())
true
