package io.addralloc.libvirt.parse;

import io.addralloc.libvirt.model.Addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Target names to drive indexes and addresses, as observed on libvirt 9.0. */
class DiskNamesTest {

    @ParameterizedTest
    @CsvSource({"sda,0", "sdz,25", "sdaa,26", "sdab,27", "sdaz,51", "sdba,52", "hdc,2", "vdb,1", "fdb,1",
            "xvdc,2", "ubda,0", "sd,-1", "sdA,-1", "foo,-1", "sda1,0"})
    void targetNameIsABijectiveBase26Number(String name, long expected) {
        assertEquals(expected, DiskNames.index(name));
    }

    @ParameterizedTest
    @CsvSource({"ide,hda,0,0,0,0", "ide,hdb,0,0,0,1", "ide,hdc,0,1,0,0", "ide,hdd,0,1,0,1", "sata,sdf,0,0,0,5",
            "sata,sdg,1,0,0,0", "scsi,sdg,0,0,0,6", "scsi,sdh,1,0,0,0", "fdc,fdb,0,0,0,1", "fdc,fdc,1,0,0,0",
            "sata,vdb,0,0,0,1", "sata,hdc,0,0,0,2"})
    void driveAddressFollowsFromTheIndexAndTheBusAlone(String bus, String name, long ctrl, long b, long t, long u) {
        assertEquals(new Addr.Drive(ctrl, b, t, u), DiskNames.driveAddress(bus, DiskNames.index(name)));
    }

    /** libvirt 9.0 refuses sda1 and vdb12 as partitions and vda00 as unreadable; it takes vda0 as vda. */
    @ParameterizedTest
    @CsvSource({"sda1,1", "vdb12,12", "sda,0", "vda0,0", "vda00,-1", "vda01,-1", "foo1,-1", "sda1x,-1"})
    void partitionsAreReadAsLibvirtReadsThem(String name, long partition) {
        assertEquals(partition, DiskNames.partition(name));
    }

    @ParameterizedTest
    @CsvSource({"virtio", "usb", "xen", "sd"})
    void busesWithoutDriveControllersGetNoDriveAddress(String bus) {
        assertEquals(null, DiskNames.driveAddress(bus, 0));
        assertFalse(DiskNames.isDriveBus(bus));
        assertTrue(DiskNames.isDriveBus("sata"));
    }
}
