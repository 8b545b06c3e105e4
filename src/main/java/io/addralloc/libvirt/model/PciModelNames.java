package io.addralloc.libvirt.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code <model name>} values of PCI controllers libvirt 9.0 knows: parsing refuses any other,
 * validation checks the name fits the model, and assignment fills in the default.
 */
public final class PciModelNames {
    /** The {@code <model name>} each model takes; the first is the default libvirt fills in. */
    private static final Map<String, List<String>> BY_MODEL = Map.of(
            "pci-bridge", List.of("pci-bridge"),
            "dmi-to-pci-bridge", List.of("i82801b11-bridge"),
            "pcie-to-pci-bridge", List.of("pcie-pci-bridge"),
            "pcie-root-port", List.of("pcie-root-port", "ioh3420"),
            "pcie-switch-upstream-port", List.of("x3130-upstream"),
            "pcie-switch-downstream-port", List.of("xio3130-downstream"),
            "pci-expander-bus", List.of("pxb"),
            "pcie-expander-bus", List.of("pxb-pcie"));
    /** Every name libvirt's parser knows ({@code none} means unset). */
    public static final Set<String> KNOWN = known();
    /** The model name of pseries' PCI host bridges. */
    public static final String PHB = "spapr-pci-host-bridge";

    private PciModelNames() {}

    private static Set<String> known() {
        Set<String> names = new java.util.TreeSet<>(Set.of("none", "spapr-pci-host-bridge"));
        BY_MODEL.values().forEach(names::addAll);
        return java.util.Collections.unmodifiableSet(names);
    }

    /** The names a controller model takes, the default first; null when the model takes none. */
    public static List<String> of(String model) {
        return model == null ? null : BY_MODEL.get(model);
    }
}
