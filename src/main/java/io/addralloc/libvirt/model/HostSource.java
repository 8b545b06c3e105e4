package io.addralloc.libvirt.model;

/**
 * What a host device ({@code <hostdev>} or {@code <interface type='hostdev'>}) passes through,
 * as libvirt compares two of them to refuse the same host device twice
 * (virDomainHostdevMatch): a PCI address, a SCSI adapter and address or an iSCSI target, a
 * vhost wwpn, a mediated device UUID, or a USB device by vendor and product or bus and device.
 *
 * @param mode {@code subsystem} or {@code capabilities}
 * @param type the subsystem type ({@code pci}, {@code usb}, {@code scsi}, {@code scsi_host},
 *     {@code mdev})
 * @param key everything but USB compares by this text; null when the source names nothing
 * @param usbVendor USB vendor id, 0 when absent
 * @param usbProduct USB product id, 0 when absent
 * @param usbBus USB bus, 0 when absent
 * @param usbDevice USB device, 0 when absent
 */
public record HostSource(String mode, String type, String key, long usbVendor, long usbProduct, long usbBus,
        long usbDevice) {

    /**
     * Whether libvirt takes {@code later} for the same host device as this one, listed earlier.
     * For USB the earlier one decides how: by bus and device when it names both, else by vendor
     * and product (so the comparison is not symmetric).
     */
    public boolean sameDeviceAs(HostSource later) {
        if (!mode.equals(later.mode) || !type.equals(later.type)) {
            return false;
        }
        if (type.equals("usb")) {
            if (usbBus != 0 && usbDevice != 0) {
                return usbBus == later.usbBus && usbDevice == later.usbDevice;
            }
            return usbVendor == later.usbVendor && usbProduct == later.usbProduct;
        }
        return key != null && key.equals(later.key);
    }
}
