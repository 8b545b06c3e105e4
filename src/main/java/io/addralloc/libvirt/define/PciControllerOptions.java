package io.addralloc.libvirt.define;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.PciModelNames;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.rules.Rule;
import java.util.List;

/**
 * The options of PCI controllers ({@code <model name>}, {@code <target chassisNr chassis port
 * busNr index hotplug>}, {@code <node>}) as libvirt 9.0 checks and completes them: the NUMA node
 * and the machine in post-parse, and which model takes which option
 * (virDomainControllerDefValidate, qemuValidateDomainDeviceDefControllerPCI). The filled-in
 * values decide how the guest numbers its buses and slots, so assign pins them too.
 */
public final class PciControllerOptions {
    private PciControllerOptions() {}

    /** Post-parse: the NUMA node must exist, and expander buses only exist on some machines. */
    static void postParse(Domain domain, Problems problems) {
        for (Device c : domain.controllers()) {
            if (!"pci".equals(c.type)) {
                continue;
            }
            if (c.numaNode >= 0 && c.numaNode >= domain.numaCells()) {
                problems.add(Problem.error(Rule.CONTROLLER_INVALID, targetOf(c), c.model + " index " + c.index
                        + " is on NUMA node " + c.numaNode + ", but <cpu><numa> has " + domain.numaCells()
                        + " cell(s) (libvirt: " + c.model + " with index " + c.index + " is configured for a NUMA"
                        + " node (" + c.numaNode + ") not present in the domain's <cpu><numa> array ("
                        + domain.numaCells() + ")); add the cell or change <node>"));
            }
            Domain.Machine m = domain.machine();
            if ("pcie-expander-bus".equals(c.model) && m != Domain.Machine.Q35 && m != Domain.Machine.VIRT) {
                c.refused = true;
                problems.add(Problem.error(Rule.DEVICE_UNSUPPORTED, c.element(), "a pcie-expander-bus exists only"
                        + " on q35 and aarch64 virt machines (libvirt: pcie-expander-bus controllers are not supported"
                        + " with this machine type); use a pci-expander-bus on pc"));
            } else if ("pci-expander-bus".equals(c.model) && m != Domain.Machine.PC) {
                c.refused = true;
                problems.add(Problem.error(Rule.DEVICE_UNSUPPORTED, c.element(), "a pci-expander-bus exists only on"
                        + " i440fx (pc) machines (libvirt: pci-expander-bus controllers are only supported on"
                        + " 440fx-based machinetypes)" + (m.pcieRoot() ? "; use a pcie-expander-bus" : "")));
            }
        }
    }

    /**
     * Validation: the ranges libvirt checks for every PCI controller, then which model takes
     * which option and model name. Reports the first fault of each controller, as libvirt
     * stops at it.
     */
    static void validate(Domain domain, Problems problems) {
        for (Device c : domain.controllers()) {
            if (!"pci".equals(c.type) || c.model == null || c.refused) {
                continue;
            }
            String fault = range(c);
            if (fault == null) {
                fault = option(domain, c);
            }
            if (fault != null) {
                problems.add(Problem.error(Rule.CONTROLLER_INVALID, targetOf(c), fault));
            }
        }
    }

    private static String range(Device c) {
        if (c.targetIndex >= 0) {
            if (c.targetIndex > 30) {
                return "target index " + c.targetIndex + " is out of range; it must be from 0 to 30 (libvirt: PCI"
                        + " controller target index '" + c.targetIndex + "' out of range - must be 0-30)";
            }
            if ((c.index == 0) != (c.targetIndex == 0)) {
                return "only the PCI controller with index 0 can have target index 0, and it must (libvirt: Only the"
                        + " PCI controller with index 0 can have target index 0, and vice versa); change the target"
                        + " index";
            }
        }
        if (c.chassisNr >= 0 && (c.chassisNr < 1 || c.chassisNr > 255)) {
            return outOfRange("chassisNr", c.chassisNr, 1, 255);
        }
        if (c.chassis > 255) {
            return outOfRange("chassis", c.chassis, 0, 255);
        }
        if (c.port > 255) {
            return outOfRange("port", c.port, 0, 255);
        }
        if (c.busNr >= 0 && (c.busNr < 1 || c.busNr > 254)) {
            return outOfRange("busNr", c.busNr, 1, 254);
        }
        if (c.numaNode >= 0 && c.index == 0) {
            return "the PCI controller with index 0 cannot be on a NUMA node (libvirt: The PCI controller with"
                    + " index=0 can't be associated with a NUMA node); remove <node>";
        }
        return null;
    }

    private static String outOfRange(String what, long value, int min, int max) {
        return what + " " + value + " is out of range; it must be from " + min + " to " + max + " (libvirt: PCI"
                + " controller " + what + " '" + value + "' out of range - must be " + min + "-" + max + ")";
    }

    private static String option(Domain domain, Device c) {
        String m = c.model;
        String name = c.modelName;
        boolean phb = "pci-root".equals(m) && domain.machine() == Domain.Machine.PSERIES;
        List<String> names = PciModelNames.of(m);
        boolean nameFits = names != null ? names.contains(name)
                : "pci-root".equals(m) ? (phb ? PciModelNames.PHB.equals(name) : name == null) : name == null;
        if (!nameFits) {
            boolean notTaken = ("pci-root".equals(m) && !phb) || "pcie-root".equals(m);
            return "<model name='" + name + "'> does not fit a " + m + " controller" + (names != null
                    ? "; use '" + String.join("' or '", names) + "'" : notTaken ? ", which takes none" : "")
                    + " (libvirt: Option 'modelName' " + (notTaken ? "is not valid" : "has invalid value")
                    + " for PCI controller" + suffix(c) + ")";
        }
        boolean chassisPort = "pcie-root-port".equals(m) || "pcie-switch-downstream-port".equals(m);
        boolean expander = "pci-expander-bus".equals(m) || "pcie-expander-bus".equals(m);
        String bad = null;
        if (c.targetIndex >= 0 && !phb) {
            bad = "targetIndex";
        } else if (c.busNr >= 0 && !expander) {
            bad = "busNr";
        } else if (c.numaNode >= 0 && !expander && !phb) {
            bad = "numaNode";
        } else if (c.chassisNr >= 0 && !"pci-bridge".equals(m)) {
            bad = "chassisNr";
        } else if (c.chassis >= 0 && !chassisPort) {
            bad = "chassis";
        } else if (c.port >= 0 && !chassisPort) {
            bad = "port";
        } else if (c.hotplug != null && !chassisPort && !"pci-root".equals(m)) {
            bad = "hotplug";
        }
        if (bad == null) {
            return null;
        }
        String attr = switch (bad) {
            case "targetIndex" -> "<target index>";
            case "numaNode" -> "<node>";
            default -> "<target " + bad + ">";
        };
        return "a " + m + " controller takes no " + attr + " (libvirt: Option '" + bad + "' is not valid for PCI"
                + " controller" + suffix(c) + "); remove it";
    }

    private static String suffix(Device c) {
        return " with index '" + c.index + "', model '" + c.model + "' and modelName '"
                + (c.modelName == null ? "none" : c.modelName) + "'";
    }

    private static LocatedElement targetOf(Device c) {
        if (c.element() == null) {
            return null;
        }
        org.dom4j.Element t = c.element().element("target");
        return (LocatedElement) (t != null ? t : c.element());
    }
}
