package io.addralloc.libvirt.addr;

import io.addralloc.libvirt.model.Device;


/**
 * How a device connects to PCI, as bits: the kind of slot it needs (a conventional PCI slot, a
 * PCIe port, a bridge's upstream side...), and whether libvirt may choose the slot itself. A
 * bus carries the same bits for what it accepts. Mirrors libvirt's connect flags, since bus
 * compatibility and the models of auto-added buses both follow from them.
 */
public final class PciFlags {
    public static final int PCI_DEVICE = 1;
    public static final int PCIE_DEVICE = 1 << 1;
    public static final int PCIE_ROOT_PORT = 1 << 2;
    public static final int PCIE_SWITCH_UPSTREAM_PORT = 1 << 3;
    public static final int PCIE_SWITCH_DOWNSTREAM_PORT = 1 << 4;
    public static final int DMI_TO_PCI_BRIDGE = 1 << 5;
    public static final int PCI_EXPANDER_BUS = 1 << 6;
    public static final int PCIE_EXPANDER_BUS = 1 << 7;
    public static final int PCI_BRIDGE = 1 << 8;
    public static final int PCIE_TO_PCI_BRIDGE = 1 << 9;
    public static final int TYPES_MASK = (1 << 10) - 1;
    public static final int ENDPOINT = PCI_DEVICE | PCIE_DEVICE;
    public static final int AUTOASSIGN = 1 << 10;
    public static final int HOTPLUGGABLE = 1 << 11;
    public static final int AGGREGATE_SLOT = 1 << 12;
    public static final int INTEGRATED = 1 << 13;

    private PciFlags() {}

    /** What a PCI controller of {@code model} is, as a device plugged into its parent bus. */
    public static int ofControllerModel(String model) {
        if (model == null) {
            return 0;
        }
        return switch (model) {
            case "pci-bridge" -> PCI_BRIDGE;
            case "pci-expander-bus" -> PCI_EXPANDER_BUS;
            case "pcie-expander-bus" -> PCIE_EXPANDER_BUS;
            case "dmi-to-pci-bridge" -> DMI_TO_PCI_BRIDGE;
            case "pcie-to-pci-bridge" -> PCIE_TO_PCI_BRIDGE;
            case "pcie-root-port" -> PCIE_ROOT_PORT | AGGREGATE_SLOT;
            case "pcie-switch-upstream-port" -> PCIE_SWITCH_UPSTREAM_PORT;
            case "pcie-switch-downstream-port" -> PCIE_SWITCH_DOWNSTREAM_PORT;
            default -> 0;
        };
    }

    /** The controller model libvirt would add to give a device with these flags a slot. */
    public static String controllerModelOf(int flags) {
        if ((flags & PCIE_ROOT_PORT) != 0) {
            return "pcie-root-port";
        }
        if ((flags & PCIE_SWITCH_UPSTREAM_PORT) != 0) {
            return "pcie-switch-upstream-port";
        }
        if ((flags & PCIE_SWITCH_DOWNSTREAM_PORT) != 0) {
            return "pcie-switch-downstream-port";
        }
        if ((flags & DMI_TO_PCI_BRIDGE) != 0) {
            return "dmi-to-pci-bridge";
        }
        if ((flags & PCI_EXPANDER_BUS) != 0) {
            return "pci-expander-bus";
        }
        if ((flags & PCIE_EXPANDER_BUS) != 0) {
            return "pcie-expander-bus";
        }
        if ((flags & PCI_BRIDGE) != 0) {
            return "pci-bridge";
        }
        return null;
    }

    /** The words libvirt uses for what a device needs, in its order of priority. */
    public static String describeNeed(int flags) {
        if ((flags & PCI_DEVICE) != 0) {
            return "standard PCI device";
        }
        if ((flags & PCIE_DEVICE) != 0) {
            return "PCI Express device";
        }
        if ((flags & PCIE_ROOT_PORT) != 0) {
            return "pcie-root-port";
        }
        if ((flags & PCIE_SWITCH_UPSTREAM_PORT) != 0) {
            return "pcie-switch-upstream-port";
        }
        if ((flags & PCIE_SWITCH_DOWNSTREAM_PORT) != 0) {
            return "pcie-switch-downstream-port";
        }
        if ((flags & DMI_TO_PCI_BRIDGE) != 0) {
            return "dmi-to-pci-bridge";
        }
        if ((flags & PCIE_TO_PCI_BRIDGE) != 0) {
            return "pcie-to-pci-bridge";
        }
        if ((flags & PCI_EXPANDER_BUS) != 0) {
            return "pci-expander-bus";
        }
        if ((flags & PCIE_EXPANDER_BUS) != 0) {
            return "pcie-expander-bus";
        }
        return "pci-bridge";
    }

    /**
     * The connect flags of a device in a domain (0: the device does not use PCI). On q35 a
     * PCIe device needs a PCIe port; on pc every PCI device is conventional PCI. Virtio devices
     * count as PCIe where there is PCIe, because QEMU 7.2 has the (non-)transitional split.
     */
    public static int of(Device d, boolean pcieMachine) {
        if (d.refused) {
            return 0;
        }
        int pci = PCI_DEVICE | AUTOASSIGN;
        int pcie = pcieMachine ? PCIE_DEVICE | AUTOASSIGN : pci;
        int virtio = pcie;
        String m = d.model;
        boolean transitional = "virtio-transitional".equals(m);
        return switch (d.kind()) {
            case CONTROLLER -> controllerFlags(d, pci, pcie, virtio);
            case FILESYSTEM -> {
                String driver = d.targetType;
                if (driver == null || driver.equals("path") || driver.equals("handle")) {
                    yield transitional ? pci : virtio;
                }
                yield driver.equals("virtiofs") ? virtio : 0;
            }
            case INTERFACE -> interfaceFlags(d, pci, pcie, virtio);
            case SOUND -> ("es1370".equals(m) || "ac97".equals(m) || "ich6".equals(m) || "ich9".equals(m)) ? pci : 0;
            case DISK -> "virtio".equals(d.bus) ? (transitional ? pci : virtio) : 0;
            case HOSTDEV -> hostdevFlags(d, pci, pcie, virtio, pcieMachine);
            case MEMBALLOON -> transitional ? pci
                    : ("virtio".equals(m) || "virtio-non-transitional".equals(m)) ? virtio : 0;
            case RNG -> transitional ? pci : virtio;
            case WATCHDOG -> "i6300esb".equals(m) ? pci : 0;
            case VIDEO -> videoFlags(m, pci, pcie, virtio);
            case SHMEM -> pci;
            case INPUT -> "virtio".equals(d.bus) ? (transitional ? pci : virtio) : 0;
            case SERIAL -> "pci-serial".equals(d.targetType) ? pci : 0;
            case IOMMU -> "virtio".equals(m) ? virtio | INTEGRATED : 0;
            case VSOCK -> transitional ? pci : virtio;
            case MEMORY -> ("virtio-pmem".equals(m) || "virtio-mem".equals(m)) ? virtio : 0;
            case PANIC -> "pvpanic".equals(m) ? pci | INTEGRATED : 0;
            default -> 0;
        };
    }

    /**
     * NIC models libvirt 9.0 knows by name (compared ignoring case). A known model that is
     * neither virtio nor e1000e is conventional PCI; a model libvirt does not know (igb, ne2k_pci,
     * pcnet, i82559er, 'foo'...) is kept as a string and placed as a PCIe device.
     */
    private static final java.util.Set<String> KNOWN_NIC_MODELS = java.util.Set.of("netfront", "rtl8139", "virtio",
            "e1000", "e1000e", "virtio-transitional", "virtio-non-transitional", "usb-net", "spapr-vlan", "lan9118",
            "scm91c111", "vlance", "vmxnet", "vmxnet2", "vmxnet3", "am79c970a", "am79c973", "82540em", "82545em",
            "82543gc");

    /** Whether libvirt 9.0 knows a NIC model by this name (compared ignoring case) and writes it in lower case. */
    public static boolean isKnownNicModel(String model) {
        return model != null && KNOWN_NIC_MODELS.contains(model.toLowerCase(java.util.Locale.ROOT));
    }

    private static int interfaceFlags(Device d, int pci, int pcie, int virtio) {
        if ("hostdev".equals(d.type)) {
            // An assigned host device behind the NIC: placed in the host-device pass, as libvirt
            // does; one from the host's USB sits on a USB port instead.
            return d.isUsbHost() ? 0 : pcie;
        }
        String m = d.model == null ? null : d.model.toLowerCase(java.util.Locale.ROOT);
        if (m == null) {
            return pcie;
        }
        return switch (m) {
            case "usb-net" -> 0;
            case "virtio", "virtio-non-transitional" -> virtio;
            case "e1000e" -> pcie;
            default -> KNOWN_NIC_MODELS.contains(m) ? pci : pcie;
        };
    }

    private static int controllerFlags(Device c, int pci, int pcie, int virtio) {
        String m = c.model;
        return switch (c.type) {
            case "pci" -> ofControllerModel(m);
            case "sata", "ide" -> pci;
            case "usb" -> {
                if (m == null) {
                    yield pci;
                }
                yield switch (m) {
                    case "nec-xhci", "qemu-xhci" -> pcie;
                    case "none", "qusb1", "qusb2" -> 0;
                    default -> pci;
                };
            }
            case "scsi" -> {
                if (m == null || m.equals("ncr53c90")) {
                    yield 0;
                }
                yield (m.equals("virtio-scsi") || m.equals("virtio-non-transitional")) ? virtio : pci;
            }
            case "virtio-serial" -> "virtio-transitional".equals(m) ? pci : virtio;
            default -> 0;
        };
    }

    private static int hostdevFlags(Device d, int pci, int pcie, int virtio, boolean pcieMachine) {
        String sub = d.type;
        if (!"pci".equals(sub) && !"scsi_host".equals(sub) && !"mdev".equals(sub)) {
            return 0;
        }
        if ("mdev".equals(sub) && d.model != null && !"vfio-pci".equals(d.model)) {
            // vfio-ccw sits on the channel subsystem, vfio-ap on none: neither uses PCI.
            return 0;
        }
        if (!pcieMachine) {
            return pci;
        }
        if (d.pciPresent() || "mdev".equals(sub)) {
            return pcie;
        }
        if ("scsi_host".equals(sub)) {
            return "virtio-transitional".equals(d.model) ? pci : virtio;
        }
        // The host device cannot be inspected from a build; libvirt treats one it cannot find
        // as PCIe, and most assignable devices are.
        return pcie;
    }

    private static int videoFlags(String m, int pci, int pcie, int virtio) {
        if (m == null) {
            return 0;
        }
        return switch (m) {
            case "virtio" -> virtio;
            case "vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "parallels" -> pci;
            case "bochs" -> pcie;
            default -> 0;
        };
    }
}
