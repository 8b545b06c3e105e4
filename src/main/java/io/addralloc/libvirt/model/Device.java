package io.addralloc.libvirt.model;

import io.addralloc.libvirt.xml.LocatedElement;

/**
 * One device of a domain while libvirt's define is simulated: what the XML says (or what
 * libvirt adds implicitly, then {@link #element()} is null) plus the address it ends up with.
 * Mutable on purpose: the simulation fills in defaults and addresses step by step, as libvirt
 * does, and {@code assign} writes back what changed.
 */
public final class Device {
    private final DeviceKind kind;
    private final LocatedElement element;
    private final int ordinal;

    /** The element's {@code type} attribute (controller type, disk type, interface type...). */
    public String type;
    /** Model (controller/interface/sound/video/watchdog/memballoon/rng/input/... model). */
    public String model;
    /** Disk, input and redirdev {@code bus}. */
    public String bus;
    /** Disk {@code device} (disk, cdrom, floppy, lun); {@code disk} when absent. */
    public String diskDevice;
    /** Disk {@code <target dev>}. */
    public String targetDev;
    /** Character device {@code <target type>}. */
    public String targetType;
    /** Serial {@code <target><model name>}, or null. */
    public String targetModel;
    /** Character device {@code <target port>}, -1 when absent or unreadable. */
    public long targetPort = -1;
    /** {@code <boot order>}, -1 when absent or unreadable. */
    public long bootOrder = -1;
    /** Controller index, -1 while unset. */
    public long index = -1;
    /** virtio-serial {@code ports}, or xhci {@code ports}; -1 when absent. */
    public long ports = -1;
    /** A USB controller that is the companion of a master (it has a {@code <master>}, or is an ich9 UHCI). */
    public boolean usbCompanion;
    /** A PCI controller's {@code <target hotplug>}: null when absent. */
    public Boolean hotplug;
    /**
     * A PCI controller's {@code <model name>}, and its {@code <target chassisNr>}, {@code chassis},
     * {@code port} and {@code busNr}: as the file gives them, then as libvirt fills them in
     * ({@link PciControllerOptions}); null or -1 while unset.
     */
    public String modelName;
    /** See {@link #modelName}. */
    public long chassisNr = -1;
    /** See {@link #modelName}. */
    public long chassis = -1;
    /** See {@link #modelName}. */
    public long port = -1;
    /** See {@link #modelName}. */
    public long busNr = -1;
    /** A controller's {@code <target><node>}, or -1. */
    public long numaNode = -1;
    /** A controller libvirt refuses on this machine, which therefore takes no slot here. */
    public boolean refused;
    /** The {@code <zpci>} identifiers of an s390 PCI address, or -1 where the file gives none. */
    public long zpciUid = -1;
    public long zpciFid = -1;
    /** A pci controller's {@code <target index>} (pseries host bridges), or -1. */
    public long targetIndex = -1;
    /** Source file or dir of a disk, for libvirt's duplicate-target message. */
    public String source;
    /** Whether the video's model says primary='yes'. */
    public boolean primary;

    /**
     * A console that stands for the first serial port (libvirt's console compatibility): it
     * takes no address of its own and shows the serial's.
     */
    public boolean serialAlias;
    /** Whether the device gives an {@code <acpi index>}, or (NICs and host devices) tunes its ROM. */
    public boolean acpiIndex;
    public boolean romTuned;
    /**
     * For a device libvirt makes from another element (the serial a lone console becomes):
     * that element, whose type and source the device shares. Null otherwise.
     */
    public LocatedElement template;

    /** What a host device passes through; null for other devices. */
    public HostSource hostSource;

    /** The address the device has now (from the XML, or assigned). Null: none. */
    private Addr addr;
    /** The address exactly as the XML gave it (null: none or unreadable). */
    public final Addr xmlAddr;
    /** The address element exists but could not be read; libvirt refuses the file. */
    public boolean addrInvalid;
    /** PCI connect flags computed for the device (see {@link PciFlags}). */
    public int pciFlags;

    /** The address the device has now: as the XML gave it, or as a pass of the define placed it; null: none. */
    public Addr address() {
        return addr;
    }

    /** A pass gives the device its address, as libvirt fills in a device's info in place. */
    public void place(Addr address) {
        this.addr = java.util.Objects.requireNonNull(address, "address");
    }

    /** The device has no address any more: libvirt ignores or clears the one the XML gave (see the callers). */
    public void dropAddress() {
        this.addr = null;
    }

    public Device(DeviceKind kind, LocatedElement element, int ordinal, Addr xmlAddr) {
        this.kind = kind;
        this.element = element;
        this.ordinal = ordinal;
        this.xmlAddr = xmlAddr;
        this.addr = xmlAddr;
    }

    public DeviceKind kind() {
        return kind;
    }

    /** The device's element, or null for a device libvirt adds by itself. */
    public LocatedElement element() {
        return element;
    }

    /** Position among devices of the same kind in the XML (implicit devices: after them). */
    public int ordinal() {
        return ordinal;
    }

    public boolean isImplicit() {
        return element == null;
    }

    public boolean isController(String controllerType) {
        return kind == DeviceKind.CONTROLLER && controllerType.equals(type);
    }

    /** libvirt's "PCI address wanted": no address, or a PCI address that is all zero. */
    public boolean pciWanted() {
        return addr == null || (addr instanceof Addr.Pci p && !p.isPresent());
    }

    /** libvirt's "PCI address present": a PCI address with a non-zero domain, bus or slot. */
    public boolean pciPresent() {
        return addr instanceof Addr.Pci p && p.isPresent();
    }

    public Addr.Pci pci() {
        return addr instanceof Addr.Pci p ? p : null;
    }

    /** A short human name: {@code interface #2 (e1000)}, {@code controller usb index 0}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.toString());
        if (kind == DeviceKind.CONTROLLER) {
            sb.append(' ').append(type).append(" index ").append(index);
            if (model != null) {
                sb.append(" (").append(model).append(')');
            }
            return sb.toString();
        }
        if (kind == DeviceKind.DISK && targetDev != null) {
            return sb.append(" '").append(targetDev).append('\'').toString();
        }
        sb.append(" #").append(ordinal + 1);
        if (model != null) {
            sb.append(" (").append(model).append(')');
        }
        if (element == null && template != null && kind == DeviceKind.SERIAL) {
            sb.append(" (which libvirt makes of the <").append(template.getName()).append("> at line ")
                    .append(template.line()).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe() + (addr == null ? "" : " @ " + addr);
    }

    /** The {@code <address>} of a device, else its element: where a finding about its address points. */
    public static LocatedElement addressOf(Device d) {
        // A device libvirt makes from another element (a lone console's serial) is found at that element.
        LocatedElement e = d.element() != null ? d.element() : d.template;
        if (e == null) {
            return null;
        }
        org.dom4j.Element a = e.element("address");
        return (LocatedElement) (a != null ? a : e);
    }

    /** A hostdev NIC whose source is a USB device of the host: it sits on a USB port. */
    public boolean isUsbHost() {
        return hostSource != null && "usb".equals(hostSource.type());
    }
}
