package io.addralloc.rules;

/**
 * Every check addralloc makes, under a stable dotted id. Jenkins Warnings NG splits the id
 * into category (the middle part) and type (the last part); SARIF uses it as the rule id.
 * Ids never change once released; new checks get new ids.
 */
public enum Rule {
    XML_NOT_WELL_FORMED("addralloc.xml.NotWellFormed", Severity.ERROR,
            "The file cannot be parsed as XML."),
    XML_UNREADABLE("addralloc.xml.Unreadable", Severity.ERROR,
            "The file cannot be read (permissions, a directory, a broken link)."),
    XML_WRITE_FAILED("addralloc.xml.WriteFailed", Severity.ERROR,
            "assign did not replace the file: a write error, or a file it must not replace (read-only, with other"
                    + " hard links, changed while assign ran); the file is unchanged."),
    FILE_TOO_MANY_FINDINGS("addralloc.file.TooManyFindings", Severity.ERROR,
            "The file has more findings than are listed for one file; this one counts the rest (its severity is the"
                    + " worst of theirs)."),

    DOMAIN_NOT_SUPPORTED("addralloc.domain.NotSupported", Severity.WARNING,
            "An architecture or machine type addralloc does not model yet; the file is not checked."),
    DOMAIN_INVALID("addralloc.domain.Invalid", Severity.ERROR,
            "The domain definition is invalid in a way that stops libvirt before addresses are checked."),

    ADDRESS_INVALID_VALUE("addralloc.address.InvalidValue", Severity.ERROR,
            "An address attribute is not a number libvirt accepts (wrong base, negative, too large)."),
    ADDRESS_UNKNOWN_TYPE("addralloc.address.UnknownType", Severity.ERROR,
            "The address type is not one libvirt knows."),
    ADDRESS_WRONG_TYPE("addralloc.address.WrongType", Severity.ERROR,
            "The device cannot have an address of this type."),

    DEVICE_UNKNOWN_MODEL("addralloc.device.UnknownModel", Severity.ERROR,
            "A device or controller model libvirt 9.0 / QEMU 7.2 does not know or cannot provide."),
    DEVICE_TOO_MANY("addralloc.device.TooMany", Severity.ERROR,
            "More devices of a kind (or of one model) than libvirt allows in a domain."),
    DEVICE_UNKNOWN_ELEMENT("addralloc.device.UnknownElement", Severity.INFO,
            "An element under <devices> libvirt 9.0 does not know; it drops it, address and all, on define."),
    HOSTDEV_DUPLICATE_SOURCE("addralloc.hostdev.DuplicateSource", Severity.ERROR,
            "Two host devices (or a host device and a hostdev interface) pass through the same device of the host."),
    DEVICE_UNSUPPORTED("addralloc.device.Unsupported", Severity.ERROR,
            "A device, or one of its options, that libvirt refuses on this machine type or in this position."),
    CONTROLLER_DUPLICATE_INDEX("addralloc.controller.DuplicateIndex", Severity.ERROR,
            "Two controllers of one type share an index."),
    CONTROLLER_INVALID("addralloc.controller.Invalid", Severity.ERROR,
            "A controller's index, model or target values are out of range."),

    PCI_DUPLICATE_ADDRESS("addralloc.pci.DuplicateAddress", Severity.ERROR,
            "Two devices claim the same PCI domain:bus:slot.function."),
    PCI_OUT_OF_RANGE("addralloc.pci.OutOfRange", Severity.ERROR,
            "A PCI address field is beyond what PCI or the bus allows."),
    PCI_INCOMPATIBLE_BUS("addralloc.pci.IncompatibleBus", Severity.ERROR,
            "The device cannot be plugged into the controller that owns this bus."),
    PCI_FIXED_ADDRESS("addralloc.pci.FixedAddress", Severity.ERROR,
            "A chipset device is not at the address the machine type fixes for it."),
    PCI_NO_SLOT("addralloc.pci.NoSlot", Severity.ERROR,
            "No PCI slot is left for a device or for a controller libvirt must add."),
    PCI_ZERO_ADDRESS("addralloc.pci.ZeroAddress", Severity.WARNING,
            "A PCI address whose domain, bus and slot are all 0, which libvirt reads as no address and replaces."),
    PCI_MISSING_BUS("addralloc.pci.MissingBus", Severity.WARNING,
            "An address names a PCI bus no controller provides; libvirt will add controllers for it."),
    PCI_NO_HOTPLUG_PORT("addralloc.pci.NoHotplugPort", Severity.WARNING,
            "Once libvirt has placed every device, fewer PCI Express ports (q35, aarch64 virt) or PCI slots (pc) are"
                    + " free for hot-plugging than minFreeHotplugPorts asks for."),

    DRIVE_DUPLICATE_ADDRESS("addralloc.drive.DuplicateAddress", Severity.ERROR,
            "Two disks on the same bus type claim the same controller/bus/target/unit."),
    DRIVE_OUT_OF_RANGE("addralloc.drive.OutOfRange", Severity.ERROR,
            "A drive address names a controller, bus or target the controller does not have."),
    DRIVE_DUPLICATE_TARGET("addralloc.drive.DuplicateTarget", Severity.ERROR,
            "Two disks use the same target device name."),
    DRIVE_BAD_TARGET("addralloc.drive.BadTarget", Severity.ERROR,
            "A disk target name from which no drive address can be derived."),
    DRIVE_UNSUPPORTED_BUS("addralloc.drive.UnsupportedBus", Severity.ERROR,
            "The disk bus is not available on this machine type."),
    DRIVE_MISSING_CONTROLLER("addralloc.drive.MissingController", Severity.WARNING,
            "A drive address names a controller the file does not define; libvirt will add it."),

    VIRTIO_SERIAL_DUPLICATE_PORT("addralloc.virtioserial.DuplicatePort", Severity.ERROR,
            "Two channels claim the same virtio-serial controller and port."),
    VIRTIO_SERIAL_OUT_OF_RANGE("addralloc.virtioserial.OutOfRange", Severity.ERROR,
            "A virtio-serial port the controller does not have."),
    VIRTIO_SERIAL_NO_PORT("addralloc.virtioserial.NoFreePort", Severity.ERROR,
            "No free port is left on the virtio-serial controller the channel names."),

    CCW_DUPLICATE("addralloc.ccw.DuplicateAddress", Severity.ERROR,
            "Two devices claim the same s390 CCW devno, or no devno is left."),
    SPAPR_VIO_DUPLICATE("addralloc.spaprvio.DuplicateAddress", Severity.ERROR,
            "Two pseries VIO devices claim the same reg value."),
    DIMM_SLOT("addralloc.dimm.Slot", Severity.ERROR,
            "A memory module slot that is taken twice or beyond the slots the domain has."),

    USB_DUPLICATE_ADDRESS("addralloc.usb.DuplicateAddress", Severity.ERROR,
            "Two USB devices claim the same bus and port."),
    USB_OUT_OF_RANGE("addralloc.usb.OutOfRange", Severity.ERROR,
            "A USB port the controller or hub does not have, or a path through a non-hub."),
    USB_MISSING_BUS("addralloc.usb.MissingBus", Severity.ERROR,
            "A USB address names a bus no USB controller provides."),
    USB_DISABLED("addralloc.usb.Disabled", Severity.ERROR,
            "USB devices in a domain without a USB controller, or whose USB controller is model='none'."),
    USB_NO_PORT("addralloc.usb.NoFreePort", Severity.ERROR,
            "No free USB port is left."),

    CCID_UNSUPPORTED("addralloc.ccid.Unsupported", Severity.ERROR,
            "A smartcard address QEMU 7.2 cannot provide (only controller 0, slot 0)."),

    NETWORK_INVALID("addralloc.network.Invalid", Severity.ERROR,
            "libvirt refuses the network definition (bad address, prefix, range or host entry)."),
    NETWORK_RANGE_OUTSIDE("addralloc.network.RangeOutsideSubnet", Severity.ERROR,
            "A DHCP range is not inside its network, or starts or ends on the network or broadcast address."),
    NETWORK_RANGE_OVERLAP("addralloc.network.RangeOverlap", Severity.ERROR,
            "Two DHCP ranges of one network overlap."),
    NETWORK_HOST_OUTSIDE("addralloc.network.HostOutsideSubnet", Severity.ERROR,
            "A static DHCP host's IP is not inside its network."),
    NETWORK_HOST_RESERVED("addralloc.network.HostOnReservedAddress", Severity.ERROR,
            "A static DHCP host's IP is the network's own address, its network address or its broadcast address."),
    NETWORK_DUPLICATE_IP("addralloc.network.DuplicateIp", Severity.ERROR,
            "Two static DHCP hosts share an IP."),
    NETWORK_DUPLICATE_HOST("addralloc.network.DuplicateHost", Severity.ERROR,
            "Two static DHCP hosts share a MAC address or a name."),
    NETWORK_NETMASK("addralloc.network.Netmask", Severity.WARNING,
            "A netmask with holes; libvirt accepts it, but it is almost certainly a typo."),
    NETWORK_HOST_MISMATCH("addralloc.network.HostMismatch", Severity.WARNING,
            "A domain's interface and the static DHCP host entries of its network disagree on MAC or name."),

    BUILD_DUPLICATE_NAME("addralloc.build.DuplicateName", Severity.ERROR,
            "Two domain files (or two network files) of the build define the same name."),
    BUILD_DUPLICATE_UUID("addralloc.build.DuplicateUuid", Severity.ERROR,
            "Two domain files of the build define the same UUID."),
    BUILD_DUPLICATE_MAC("addralloc.build.DuplicateMac", Severity.ERROR,
            "Two interfaces in the build's domains share a MAC address."),

    PIN_UNPINNED("addralloc.pin.Unpinned", Severity.WARNING,
            "assign would change the file: addresses or elements libvirt adds on define are not pinned in it"
                    + " (an error with requirePinned)."),

    SUPPRESSION_INVALID("addralloc.suppression.Invalid", Severity.ERROR,
            "The suppressions file, or one of its entries, cannot be used: not well-formed, a bad regular"
                    + " expression or XPath, or an entry that says nothing."),
    SUPPRESSION_UNUSED("addralloc.suppression.Unused", Severity.WARNING,
            "A suppression (an entry of the suppressions file or an addralloc:ignore comment) matched no finding."),

    BASELINE_INVALID("addralloc.baseline.Invalid", Severity.ERROR,
            "The baseline file cannot be read: not well-formed, of an unknown version, or an entry without its"
                    + " rule or file.");

    private final String id;
    private final Severity severity;
    private final String description;

    Rule(String id, Severity severity, String description) {
        this.id = id;
        this.severity = severity;
        this.description = description;
    }

    public String id() {
        return id;
    }

    /** The severity findings of this rule carry. */
    public Severity severity() {
        return severity;
    }

    /** One sentence for reports and docs. */
    public String description() {
        return description;
    }
}
