package io.addralloc.libvirt.addr;

import io.addralloc.libvirt.model.Device;


/**
 * How many ports a controller has, as the assignment counts them: the report shows which are
 * free, and must count them as the assignment that filled them did.
 */
public final class Ports {
    /** A virtio-serial controller without {@code ports=} has 31. */
    public static final long VIRTIO_SERIAL_DEFAULT_PORTS = 31;

    private Ports() {}

    /** The root ports of a USB controller (0 for a model that has none, such as {@code none}). */
    public static int usb(Device c) {
        String m = c.model;
        if (m == null) {
            return 2;
        }
        return switch (m) {
            case "piix3-uhci", "piix4-uhci", "vt82c686b-uhci" -> 2;
            case "ehci", "ich9-ehci1" -> 6;
            case "pci-ohci" -> 3;
            case "nec-xhci", "qemu-xhci" -> c.ports >= 0 ? (int) Math.min(c.ports, 1024) : 4;
            case "qusb1", "qusb2" -> c.ports >= 0 ? (int) Math.min(c.ports, 1024) : 8;
            default -> 0;
        };
    }

    /** The ports of a USB hub. */
    public static int usbHub() {
        return 8;
    }

    /** The ports of a virtio-serial controller, port 0 included (channels start at 1). */
    public static long virtioSerial(Device controller) {
        return controller.ports >= 0 ? controller.ports : VIRTIO_SERIAL_DEFAULT_PORTS;
    }
}
