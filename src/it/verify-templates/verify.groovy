def log = new File(basedir, 'build.log').text
assert log.contains("[ERROR] templates/workers.xml:1:1: error: this looks like a template ('{%' at line 1), not libvirt XML, and is not well-formed:")
assert log.contains('to leave this one out, add <excludes><exclude>workers.xml</exclude></excludes>')
assert !log.contains('addralloc.build.DuplicateName') && !log.contains('addralloc.build.DuplicateUuid')
assert !log.contains('addralloc.drive.BadTarget') && !log.contains('addralloc.pin.Unpinned')
assert log.contains('addralloc: 4 files checked (3 domains, 0 networks, 1 unreadable), 0 skipped (not libvirt XML); 1 errors, 0 warnings')
// assign: both templates left alone, and said so
['db', 'web'].each { t ->
    assert log.contains("addralloc: templates/${t}.xml looks like a template ('{{' at line 2): assign does not write into templates")
    def text = new File(basedir, "templates/${t}.xml").text
    assert !text.contains('<address') && text.contains("<mac address='{{ item.mac }}'/>") : "assign wrote into templates/${t}.xml"
}
assert log.contains('addralloc: changed 0 files: 0 addresses and 0 elements added')
assert log.lastIndexOf('BUILD SUCCESS') > log.lastIndexOf('BUILD FAILURE')
true
