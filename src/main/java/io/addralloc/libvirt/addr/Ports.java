package io.addralloc.libvirt.addr;

import io.addralloc.libvirt.assign.UsbAssigner;
import io.addralloc.libvirt.assign.VirtioSerialAssigner;
import io.addralloc.libvirt.model.Device;


/**
 * How many ports a controller has, as the assignment counts them: the report shows which are
 * free, and must count them as the assignment that filled them did.
 */
public final class Ports {
    private Ports() {}

    /** The root ports of a USB controller (0 for a model that has none, such as {@code none}). */
    public static int usb(Device controller) {
        return UsbAssigner.portsOf(controller);
    }

    /** The ports of a USB hub. */
    public static int usbHub() {
        return UsbAssigner.HUB_PORTS;
    }

    /** The ports of a virtio-serial controller, port 0 included (channels start at 1). */
    public static long virtioSerial(Device controller) {
        return controller.ports >= 0 ? controller.ports : VirtioSerialAssigner.DEFAULT_PORTS;
    }
}
