package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.parse.DomainReader;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.addralloc.libvirt.xml.XmlFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** libvirt's controller list order and index filling, as observed on libvirt 9.0. */
class ControllerOrderTest {

    private static Domain read(String devices) throws Exception {
        String xml = "<domain type='qemu'><name>t</name><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + devices + "</devices></domain>";
        return DomainReader.read(XmlFile.parse(xml.getBytes(StandardCharsets.UTF_8)).root()).domain();
    }

    private static String order(Domain d) {
        return d.controllers().stream().map(c -> c.type + (c.index >= 0 ? c.index : "")).collect(Collectors.joining(" "));
    }

    @Test
    void controllersAreGroupedByTypeInTheOrderTypesFirstAppear() throws Exception {
        Domain d = read("<controller type='scsi' index='0'/><controller type='usb' index='0'/>"
                + "<controller type='scsi' index='1'/><controller type='usb' index='1'/>"
                + "<controller type='virtio-serial' index='0'/>");
        assertEquals("scsi0 scsi1 usb0 usb1 virtio-serial0", order(d));
    }

    @Test
    void aControllerGoesBeforeTheFirstOfItsTypeWithALargerIndex() throws Exception {
        Domain d = read("<controller type='scsi' index='2'/><controller type='scsi' index='1'/>");
        assertEquals("scsi1 scsi2", order(d));
    }

    @Test
    void anIndexlessControllerTakesTheLowestFreeIndexAndStaysLast() throws Exception {
        Domain d = read("<controller type='usb' index='2'/><controller type='usb'/>");
        io.addralloc.libvirt.model.Problems problems = new io.addralloc.libvirt.model.Problems();
        PostParse.run(d, problems);
        assertEquals(List.of(), problems.distinct());
        Device second = d.controllers().get(1);
        assertEquals("usb", second.type);
        assertEquals(0, second.index);
        assertEquals(2, d.controllers().get(0).index);
    }

    @Test
    void anIndexlessPciBridgeBecomesIndexZeroWhichMustBeTheRoot() throws Exception {
        Domain d = read("<controller type='pci' model='pci-bridge'/>");
        io.addralloc.libvirt.model.Problems found = new io.addralloc.libvirt.model.Problems();
        PostParse.run(d, found);
        List<Problem> problems = found.distinct();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(io.addralloc.rules.Rule.CONTROLLER_INVALID, problems.get(0).rule());
    }
}
