// The example repository as it is in this checkout: the IT renders exactly what the README shows.
def example = new File(basedir, '../../../examples/infra-repo').canonicalFile
assert new File(example, 'vms').isDirectory() : "no example repository at ${example}"
['vms', 'networks'].each { dir ->
    def to = new File(basedir, dir)
    to.mkdirs()
    new File(example, dir).eachFileMatch(~/.*\.xml/) { f -> new File(to, f.name).bytes = f.bytes }
}
true
