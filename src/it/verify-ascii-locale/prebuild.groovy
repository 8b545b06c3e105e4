// (invoker's preBuildHookScript) Files whose names an ASCII JVM cannot spell: café.xml (a finding)
// and naïve.xml (clean, so assign writes it), next to plain.xml. (Names that are not UTF-8 at all
// are tested in HostileNamesTest: the invoker's own clean-up could not delete them afterwards.)
import java.nio.file.Files
import java.nio.file.Path

Path vms = Files.createDirectories(basedir.toPath().resolve('src/main/resources/vms'))
def domain = { String name, String mac, String address -> """<domain type='qemu'>
  <name>${name}</name>
  <memory>131072</memory>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <interface type='network'>
      <mac address='${mac}'/>
      <source network='lan'/>${address}
    </interface>
  </devices>
</domain>
""" }
String address = "\n      <address type='pci' domain='0x0000' bus='0x00' slot='%s' function='0x0'/>"
Files.writeString(vms.resolve('caf\u00e9.xml'), domain('cafe', '52:54:00:00:00:01', String.format(address, '0x22')))
Files.writeString(vms.resolve('plain.xml'), domain('plain', '52:54:00:00:00:02', String.format(address, '0x05')))
Files.writeString(vms.resolve('na\u00efve.xml'), domain('naive', '52:54:00:00:00:03', ''))
true
