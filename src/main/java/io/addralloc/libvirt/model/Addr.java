package io.addralloc.libvirt.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * A device address as libvirt knows it. Fields are kept as {@code long} because libvirt reads
 * them as unsigned 32-bit values; range checks are the caller's business, as in libvirt.
 */
public sealed interface Addr {

    /** The value of the {@code type} attribute. */
    String type();

    /** {@code domain:bus:slot.function}; all-zero domain, bus and slot means "not assigned". */
    record Pci(long domain, long bus, long slot, long function, Boolean multifunction) implements Addr {
        @Override
        public String type() {
            return "pci";
        }

        /** libvirt treats an address whose domain, bus and slot are all 0 as absent. */
        public boolean isPresent() {
            return domain != 0 || bus != 0 || slot != 0;
        }

        public Pci withMultifunction(Boolean multi) {
            return new Pci(domain, bus, slot, function, multi);
        }

        public boolean sameSlot(Pci other) {
            return domain == other.domain && bus == other.bus && slot == other.slot;
        }

        /** The form libvirt uses in messages: {@code 0000:00:05.0}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%04x:%02x:%02x.%x", domain, bus, slot, function);
        }
    }

    /** {@code controller:bus:target:unit} of ide, sata, scsi and fdc disks. */
    record Drive(long controller, long bus, long target, long unit) implements Addr {
        @Override
        public String type() {
            return "drive";
        }

        @Override
        public String toString() {
            return "controller='" + controller + "' bus='" + bus + "' target='" + target + "' unit='" + unit + "'";
        }
    }

    /** A port of a virtio-serial controller; port 0 means "assign one". */
    record VirtioSerial(long controller, long bus, long port) implements Addr {
        @Override
        public String type() {
            return "virtio-serial";
        }
    }

    /** A USB bus and a port path such as {@code 1.2} (empty path: assign one). */
    record Usb(long bus, int[] port) implements Addr {
        public Usb {
            port = port.clone();
        }

        @Override
        public int[] port() {
            return port.clone();
        }

        @Override
        public String type() {
            return "usb";
        }

        public boolean hasPort() {
            return port.length > 0;
        }

        public String portString() {
            StringBuilder sb = new StringBuilder();
            for (int p : port) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(p);
            }
            return sb.toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Usb u && u.bus == bus && Arrays.equals(u.port, port);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(bus) * 31 + Arrays.hashCode(port);
        }

        @Override
        public String toString() {
            return "bus " + bus + " port " + portString();
        }
    }

    /** A slot of a ccid (smartcard) controller. */
    record Ccid(long controller, long slot) implements Addr {
        @Override
        public String type() {
            return "ccid";
        }
    }

    /** Address types this layer keeps as written (isa, dimm, ccw, spapr-vio, virtio-mmio, ...). */
    /** An s390 channel address: channel subsystem, subchannel set, device number. */
    record Ccw(long cssid, long ssid, long devno) implements Addr {
        /** {@code <address type='ccw'/>}: one is to be assigned. */
        public static final Ccw UNASSIGNED = new Ccw(-1, -1, -1);

        public boolean isAssigned() {
            return devno >= 0;
        }

        @Override
        public String type() {
            return "ccw";
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%x.%x.%04x", cssid, ssid, devno);
        }
    }

    /** A pseries VIO bus address; {@code reg} is the device's register value. */
    record SpaprVio(long reg) implements Addr {
        public boolean isAssigned() {
            return reg >= 0;
        }

        @Override
        public String type() {
            return "spapr-vio";
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "0x%08x", reg);
        }
    }

    /** A virtio-mmio transport; QEMU picks the slot, so the address has no fields. */
    record VirtioMmio() implements Addr {
        @Override
        public String type() {
            return "virtio-mmio";
        }
    }

    /** A memory module slot; {@code base} is -1 when the file gives none. */
    record Dimm(long slot, long base) implements Addr {
        @Override
        public String type() {
            return "dimm";
        }
    }

    /** An ISA address; -1 where the file gives no value. */
    record Isa(long iobase, long irq) implements Addr {
        @Override
        public String type() {
            return "isa";
        }
    }

    record Other(String type) implements Addr {
    }
}
