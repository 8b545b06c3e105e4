// Built from the reactor's top: console paths are clickable from here, and each module's reports
// are read by Warnings NG's parsers (files resolved from the repository's top) and hold to the
// SARIF 2.1.0 schema (io.addralloc.report.ConsumerChecks, from the plugin's test classes).
import io.addralloc.report.ConsumerChecks
import java.nio.file.Files

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('[ERROR] module-a/src/main/resources/vms/web 01.xml:9:7: error: PCI slot 0x22 is out of range')
assert log.contains('[ERROR] module-b/src/main/resources/vms/db01.xml:14:7: error: PCI address 0000:00:05.0 is already used by interface #1')
def top = basedir.toPath().toRealPath()
[a: 1, b: 1].each { m, findings ->
    def module = top.resolve("module-$m")
    def read = ConsumerChecks.read(module.resolve('target/addralloc'), top, findings, "addralloc/module-$m/")
    assert read.problems() == []
    def result = read.sarifJson().path('runs').path(0).path('results').path(0)
    def uri = result.path('locations').path(0).path('physicalLocation').path('artifactLocation').path('uri').asText()
    assert uri == (m == 'a' ? 'module-a/src/main/resources/vms/web%2001.xml' : 'module-b/src/main/resources/vms/db01.xml')
    def report = new groovy.xml.XmlSlurper().parse(module.resolve('target/addralloc/addralloc-result.xml').toFile())
    def name = report.file.@name.text()
    assert name.startsWith('/') && Files.isRegularFile(java.nio.file.Path.of(name))
    if (m == 'b') {
        // the other device of the duplicate, as a related location
        assert result.path('relatedLocations').path(0).path('physicalLocation').path('region').path('startLine').asInt() == 9
    }
}
true
