// The example's report as a person sees it: what headless Chromium renders (its DOM after parsing,
// --dump-dom), checked against libvirt 9.0's own dumpxml of the two example domains libvirt accepts
// (libvirt/web01.xml, libvirt/cache01.xml: virsh define, dumpxml --inactive). Without Chromium the
// same checks run on the pages as written, and the log says the browser's view was skipped.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('addralloc: address map of 5 files written to target/addralloc/report/index.html')
def report = new File(basedir, 'target/addralloc/report')

def browser = ['chromium', 'chromium-browser', 'google-chrome'].find { name ->
    System.getenv('PATH').split(File.pathSeparator).any { new File(it, name).canExecute() }
}
def profile = new File(basedir, 'target/chromium-profile')
def dom = { String page ->
    def file = new File(report, page)
    assert file.isFile() : page
    if (browser == null) {
        return file.getText('UTF-8')
    }
    def p = new ProcessBuilder(browser, '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
            "--user-data-dir=${profile}", '--dump-dom', file.toURI().toString()).redirectErrorStream(false).start()
    p.errorStream.eachLine { } // drain
    def out = p.inputStream.getText('UTF-8')
    assert p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) : "Chromium did not finish rendering ${page}"
    assert out.contains('</html>') : "Chromium rendered nothing for ${page}"
    return out
}
if (browser == null) {
    println '[report-example] SKIPPED the checks of what Chromium renders: no chromium on the PATH ' +
            '(Debian: apt-get install chromium); the same checks ran on the pages as written.'
} else {
    println "[report-example] checking the DOM ${browser} renders"
}

// The index: one row per file, free hot-pluggable ports as libvirt leaves them.
def index = dom('index.html')
def rows = (index =~ /<tr class="[^"]*"><th scope="row"><a href="([^"]+)">([^<]+)<\/a><\/th>((?:<td>[^<]*<\/td>)+)<\/tr>/)
        .collect { [page: it[1], file: it[2], cells: (it[3] =~ /<td>([^<]*)<\/td>/).collect { c -> c[1] }] }
assert rows*.file == ['networks/default.xml', 'vms/app01.xml', 'vms/cache01.xml', 'vms/db01.xml', 'vms/web01.xml']
def row = { String file -> rows.find { it.file == file } }

// libvirt's own layout of the domains it accepts: every PCI address, and the root ports left empty.
def libvirtLayout = { String name ->
    def devices = new groovy.xml.XmlSlurper().parse(new File(basedir, "libvirt/${name}.xml")).devices
    def placed = []
    def usedBuses = [] as Set
    devices.children().each { d ->
        def a = d.address.find { it.@type == 'pci' }
        if (a.size() > 0) {
            def addr = String.format('0000:%02x:%02x.%x', Integer.decode(a.@bus.text()), Integer.decode(a.@slot.text()),
                    Integer.decode(a.@function.text()))
            placed << [address: addr, kind: d.name(), type: d.@type.text(), index: d.@index.text()]
            usedBuses << Integer.decode(a.@bus.text())
        }
    }
    def freePorts = devices.controller.findAll { it.@type == 'pci' && it.@model == 'pcie-root-port' &&
            it.target.@hotplug.text() != 'off' && !usedBuses.contains(Integer.parseInt(it.@index.text())) }.size()
    [placed: placed, freePorts: freePorts]
}

['web01', 'cache01'].each { name ->
    def libvirt = libvirtLayout(name)
    def r = row("vms/${name}.xml")
    assert r.cells[5] == "${libvirt.freePorts} port${libvirt.freePorts == 1 ? '' : 's'}" : "${name}: ${r.cells}"
    def page = dom(r.page)
    def drawn = (page =~ /<g class="([^"]*)" data-address="([^"]+)" data-item="\d+"[^>]*><title>([^<]*)<\/title>/)
            .collect { [cls: it[1], address: it[2], title: it[3]] }
    libvirt.placed.each { dev ->
        def at = drawn.findAll { it.address == dev.address }
        assert at.size() == 1 : "${name}: libvirt puts ${dev} at ${dev.address}; the picture draws ${at}"
        def title = at[0].title
        assert title.startsWith("${dev.address} ${dev.kind}") : "${name}: ${title} is not the ${dev.kind} libvirt has there"
        if (dev.kind == 'controller') {
            assert title.contains("controller ${dev.type}") && title.contains("index ${dev.index}") : title
        }
    }
    assert drawn.size() == libvirt.placed.size() : "${name}: the picture draws ${drawn*.address}, libvirt has ${libvirt.placed*.address}"
    def freeHot = (page =~ /<g class="free hot"[^>]*><title>[^<]*free port: a device can be hot-plugged here/).size()
    assert freeHot == libvirt.freePorts : "${name}: ${freeHot} free hot-pluggable ports drawn, libvirt leaves ${libvirt.freePorts}"
}

// cache01: the warning on its topology, and the alias with <script> in it shown as text, never run.
def cache = dom(row('vms/cache01.xml').page)
assert cache.contains('addralloc.pci.NoHotplugPort')
assert cache.contains('alias ua-&lt;script&gt;alert(1)&lt;/script&gt;')
assert !(cache =~ /<script/) : 'the alias became markup'
assert cache.contains('libvirt drops this alias')

// the domains libvirt refuses: the devices they pin are drawn where the file puts them, findings on them
def db = dom(row('vms/db01.xml').page)
assert (db =~ /<g class="device conflict( error)?" data-address="0000:00:03.0"/).size() == 2 : 'the two NICs on 00:03.0'
assert db.contains('addralloc.pci.DuplicateAddress')
def app = dom(row('vms/app01.xml').page)
assert app =~ /<title>disk virtio vda at address refused, line 8<\/title>/ : 'the disk on slot 0x22 is drawn on no slot'
assert row('vms/app01.xml').cells[7] == '2' && row('vms/db01.xml').cells[7] == '2' : 'errors per file'

// the network: both hosts on 192.168.122.10, the second flagged as a collision
def net = dom(row('networks/default.xml').page)
assert (net =~ /<g class="host flagged" data-line="9">/).size() == 1
assert (net =~ /<g class="host" data-line="8">/).size() == 1
true
