package io.addralloc.libvirt.addr;

/**
 * One PCI bus during assignment: the model of the controller that provides it, what it
 * accepts, and which slots a device may use. Mirrors libvirt's per-model bus table
 * (virDomainPCIAddressBusSetModel); the allocator core holds only the slots, as the bus's pool.
 */
public final class PciBus {
    public String model;
    public int flags;
    int minSlot;
    int maxSlot;
    /** Slots whose first function went to a device that lets others share the slot (root ports), bit s for slot s. */
    int aggregateSlots;

    public PciBus(String model, boolean hotplug) {
        setModel(model, hotplug);
    }

    void setModel(String model, boolean hotplug) {
        this.model = model;
        int hp = hotplug ? PciFlags.HOTPLUGGABLE : 0;
        switch (model) {
            case "pci-root" -> set(PciFlags.AUTOASSIGN | PciFlags.PCI_DEVICE | PciFlags.PCI_BRIDGE
                    | PciFlags.PCI_EXPANDER_BUS | hp, 1, 31);
            case "pci-bridge" -> set(PciFlags.AUTOASSIGN | PciFlags.PCI_DEVICE | PciFlags.PCI_BRIDGE | hp, 1, 31);
            case "pci-expander-bus" -> set(PciFlags.AUTOASSIGN | PciFlags.PCI_DEVICE | PciFlags.PCI_BRIDGE | hp, 0, 31);
            case "pcie-root" -> set(PciFlags.PCIE_DEVICE | PciFlags.PCIE_ROOT_PORT | PciFlags.DMI_TO_PCI_BRIDGE
                    | PciFlags.PCIE_EXPANDER_BUS, 1, 31);
            case "dmi-to-pci-bridge" -> set(PciFlags.PCI_DEVICE | PciFlags.PCI_BRIDGE, 0, 31);
            case "pcie-to-pci-bridge" -> set(PciFlags.AUTOASSIGN | PciFlags.PCI_DEVICE | PciFlags.PCI_BRIDGE | hp, 1, 31);
            case "pcie-root-port", "pcie-switch-downstream-port" -> set(PciFlags.AUTOASSIGN | PciFlags.PCIE_DEVICE
                    | PciFlags.PCIE_SWITCH_UPSTREAM_PORT | PciFlags.PCIE_TO_PCI_BRIDGE | hp, 0, 0);
            case "pcie-switch-upstream-port" -> set(PciFlags.PCIE_SWITCH_DOWNSTREAM_PORT, 0, 31);
            case "pcie-expander-bus" -> set(PciFlags.PCIE_ROOT_PORT | PciFlags.DMI_TO_PCI_BRIDGE, 0, 31);
            default -> set(0, 1, 31);
        }
    }

    private void set(int flags, int minSlot, int maxSlot) {
        this.flags = flags;
        this.minSlot = minSlot;
        this.maxSlot = maxSlot;
    }

    public boolean isRoot() {
        return "pci-root".equals(model) || "pcie-root".equals(model);
    }
}
