package io.addralloc.libvirt.assign;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.PciModelNames;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;
import java.util.List;

/**
 * The PCI controller options libvirt 9.0 fills in once the controllers have addresses
 * (the end of qemuDomainAssignPCIAddresses). They decide how the guest numbers its buses and
 * slots, so assign pins them too.
 */
public final class PciControllerDefaults {
    private PciControllerDefaults() {}

    /**
     * What libvirt fills in at the end of PCI assignment, in controller list order: the model
     * name, a bridge's chassisNr, a port's chassis and port, an expander bus's busNr and a
     * pseries host bridge's target index.
     */
    public static void fill(Domain domain, Problems problems) {
        boolean pseries = domain.machine() == Domain.Machine.PSERIES;
        for (Device c : domain.controllers()) {
            if (!"pci".equals(c.type) || c.model == null) {
                continue;
            }
            if (c.modelName == null) {
                List<String> names = PciModelNames.of(c.model);
                c.modelName = names != null ? names.get(0) : pseries && "pci-root".equals(c.model) ? PciModelNames.PHB : null;
            }
            Addr.Pci a = c.pci();
            switch (c.model) {
                case "pci-bridge" -> {
                    if (c.chassisNr < 0) {
                        c.chassisNr = c.index;
                    }
                }
                case "pcie-root-port", "pcie-switch-downstream-port" -> {
                    if (c.chassis < 0) {
                        c.chassis = c.index;
                    }
                    if (c.port < 0 && a != null) {
                        c.port = "pcie-root-port".equals(c.model) ? (a.slot() << 3) + a.function() : a.slot();
                    }
                }
                case "pci-expander-bus", "pcie-expander-bus" -> {
                    if (c.busNr < 0 && !c.refused) {
                        c.busNr = newBusNr(domain);
                        if (c.busNr < 0) {
                            problems.add(Problem.error(Rule.CONTROLLER_INVALID, c.element(), "no bus number is left"
                                    + " below the lowest busNr for " + c.describe() + " (libvirt: No free busNr lower"
                                    + " than current lowest busNr is available to auto-assign to bus "
                                    + (a == null ? 0 : a.bus()) + ". Must be manually assigned); give it"
                                    + " <target busNr=...>"));
                        }
                    }
                }
                case "pci-root" -> {
                    if (pseries && c.targetIndex < 0) {
                        c.targetIndex = c.index == 0 ? 0 : newTargetIndex(domain);
                        if (c.targetIndex < 0) {
                            problems.add(Problem.error(Rule.CONTROLLER_INVALID, c.element(), "no target index is left"
                                    + " for " + c.describe() + "; pseries has 32 host bridges at most (libvirt: No"
                                    + " usable target index found for " + (a == null ? 0 : a.bus()) + ")"));
                        }
                    }
                }
                default -> { }
            }
        }
    }

    /** Two below the lowest busNr any PCI controller has (256 if none), or -1 when that is not above 0. */
    private static long newBusNr(Domain domain) {
        long lowest = 256;
        for (Device c : domain.controllers()) {
            if ("pci".equals(c.type) && c.busNr >= 0 && c.busNr < lowest) {
                lowest = c.busNr;
            }
        }
        return lowest <= 2 ? -1 : lowest - 2;
    }

    /**
     * The first target index from 1 to 31 that no host bridge uses; a bridge whose model name
     * is not filled in yet does not count, as in libvirt, whose loop fills names as it goes.
     */
    private static long newTargetIndex(Domain domain) {
        for (long t = 1; t <= 31; t++) {
            boolean used = false;
            for (Device c : domain.controllers()) {
                if ("pci".equals(c.type) && "pci-root".equals(c.model) && PciModelNames.PHB.equals(c.modelName)
                        && c.targetIndex == t) {
                    used = true;
                    break;
                }
            }
            if (!used) {
                return t;
            }
        }
        return -1;
    }
}
