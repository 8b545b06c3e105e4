package io.addralloc.libvirt.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.addralloc.libvirt.addr.PciTopology;
import io.addralloc.libvirt.define.DefineSimulation;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.xml.XmlFile;
import io.addralloc.report.layout.DomainLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.dom4j.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PCI topology the report draws (and the picture drawn from it) and the hot-plug rule counts, held
 * against libvirt's own
 * {@code dumpxml} of every accepted case of every golden corpus. libvirt's output is read here on
 * its own terms (its elements and address attributes, not through the simulation), so the
 * model is checked against libvirt, not against itself: every device sits at libvirt's address,
 * every address libvirt gives is in the model, every slot the model calls free holds nothing in
 * libvirt's output, every bus is a controller libvirt has, and the free hot-pluggable ports and
 * slots are the ones libvirt's output leaves.
 */
class PciTopologyCorpusTest {

    static Stream<Path> corpora() {
        Path resources = Paths.get("src", "test", "resources", "libvirt");
        return Stream.of("corpus", "corpus-arch", "corpus-libvirt-tests", "corpus-probes", "corpus-classgen",
                "corpus-catalog").map(resources::resolve).filter(Files::isDirectory);
    }

    /** The slots libvirt's bus models give devices (src/conf/domain_addr.c, virDomainPCIAddressBusSetModel). */
    private static final Map<String, int[]> SLOTS = Map.of(
            "pci-root", new int[] {1, 31}, "pci-bridge", new int[] {1, 31}, "pci-expander-bus", new int[] {0, 31},
            "pcie-to-pci-bridge", new int[] {1, 31}, "pcie-root-port", new int[] {0, 0},
            "pcie-switch-downstream-port", new int[] {0, 0});
    private static final Set<String> PORTS = Set.of("pcie-root-port", "pcie-switch-downstream-port");

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpora")
    void theTopologyIsLibvirtsAndItsFreeSlotsAreFree(Path dir) throws Exception {
        Corpus corpus = Corpus.load(dir);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        int devices = 0;
        int freeSlots = 0;
        int freePorts = 0;
        for (Corpus.Case c : corpus.acceptedModelled()) {
            XmlFile input = XmlFile.parse(c.inputBytes());
            DefineSimulation.Outcome outcome = DefineSimulation.run(input.root());
            Domain domain = outcome.domain();
            PciTopology topology = PciTopology.of(domain, outcome.pciAddresses());
            Libvirt libvirt = Libvirt.read(c.outputBytes());
            List<String> problems = new ArrayList<>();
            if (!topology.offBus().isEmpty()) {
                problems.add("devices on no bus: " + topology.offBus());
            }
            Set<String> seen = new HashSet<>();
            for (PciTopology.Bus bus : topology.buses()) {
                String model = libvirt.controllers.get(bus.index());
                if (model != null && !model.equals(bus.model())) {
                    problems.add("bus " + bus.index() + " is a " + bus.model() + ", libvirt's a " + model);
                } else if (model == null && bus.index() > 0) {
                    problems.add("bus " + bus.index() + " (" + bus.model() + ") is no controller of libvirt's");
                }
                for (PciTopology.Slot slot : bus.slots()) {
                    String where = String.format(Locale.ROOT, "%02x:%02x", bus.index(), slot.number());
                    if (slot.free()) {
                        freeSlots++;
                        if (libvirt.usedSlots.contains(where)) {
                            problems.add("slot " + where + " is free in the model, libvirt puts "
                                    + libvirt.bySlot(where) + " there");
                        }
                    }
                    for (PciTopology.Function f : slot.functions()) {
                        for (Device d : f.devices()) {
                            String key = key(domain, d);
                            String address = where + "." + f.number();
                            seen.add(key);
                            devices++;
                            if (!address.equals(libvirt.addresses.get(key))) {
                                problems.add(key + " at " + address + ", libvirt: " + libvirt.addresses.get(key));
                            }
                        }
                    }
                }
            }
            for (String key : libvirt.addresses.keySet()) {
                if (!seen.contains(key)) {
                    problems.add(key + " is at " + libvirt.addresses.get(key) + " in libvirt's output, on no slot of"
                            + " the model");
                }
            }
            drawing(DomainLayout.of(input, outcome), libvirt, problems);
            int ports = PciTopology.freeHotplugPorts(domain, outcome.pciAddresses());
            int slots = PciTopology.freeHotplugSlots(domain, outcome.pciAddresses());
            freePorts += ports;
            if (ports != libvirt.freeHotplug(domain.machine(), true)) {
                problems.add("free hot-pluggable ports: " + ports + ", libvirt's output leaves "
                        + libvirt.freeHotplug(domain.machine(), true));
            }
            if (slots != libvirt.freeHotplug(domain.machine(), false)) {
                problems.add("free hot-pluggable slots: " + slots + ", libvirt's output leaves "
                        + libvirt.freeHotplug(domain.machine(), false));
            }
            if (!problems.isEmpty()) {
                wrong.add(c.id() + ": " + problems);
            }
            checked++;
        }
        System.out.printf("%s: %d domains, %d PCI devices at libvirt's address, %d free slots checked, %d free"
                + " hot-pluggable ports%n", dir.getFileName(), checked, devices, freeSlots, freePorts);
        wrong.stream().limit(20).forEach(w -> System.out.println("  " + w));
        assertTrue(checked > 0, "no accepted case");
        assertEquals(List.of(), wrong, wrong.size() + " of " + checked + " topologies differ from libvirt's");
    }

    /**
     * The report's picture is drawn from DomainLayout: every device it draws is at libvirt's
     * address, every slot it draws free is empty in libvirt's output, and it draws every address
     * libvirt's output has.
     */
    private static void drawing(DomainLayout layout, Libvirt libvirt, List<String> problems) {
        List<String> drawn = new ArrayList<>();
        for (DomainLayout.BusView b : layout.pci()) {
            for (DomainLayout.SlotView s : b.slots()) {
                String where = String.format(Locale.ROOT, "%02x:%02x", b.index(), s.number());
                if (s.free() && libvirt.usedSlots.contains(where)) {
                    problems.add("the picture draws " + where + " free, libvirt puts " + libvirt.bySlot(where) + " there");
                }
                for (DomainLayout.FunctionView f : s.functions()) {
                    for (int id : f.items()) {
                        String address = "0000:" + where + "." + f.number();
                        if (!address.equals(layout.devices().get(id).address())) {
                            problems.add("the picture draws " + layout.devices().get(id).label() + " at " + address);
                        }
                        drawn.add(where + "." + f.number());
                    }
                }
            }
        }
        List<String> theirs = new ArrayList<>(libvirt.addresses.values());
        java.util.Collections.sort(drawn);
        java.util.Collections.sort(theirs);
        if (!drawn.equals(theirs)) {
            problems.add("the picture draws devices at " + drawn + ", libvirt's output has " + theirs);
        }
    }

    /** A device's identity, the same for the simulation's device and libvirt's element. */
    private static String key(Domain domain, Device d) {
        if (d.kind() == DeviceKind.CONTROLLER) {
            return controllerKey(d.type, d.index, d.model);
        }
        if (d.kind() == DeviceKind.DISK) {
            return "disk " + d.targetDev;
        }
        return d.kind() + " " + domain.of(d.kind()).indexOf(d);
    }

    private static String controllerKey(String type, long index, String model) {
        return "controller " + type + " " + index + ("usb".equals(type) ? " " + model : "");
    }

    /** What libvirt's output says of PCI, read from its elements. */
    static final class Libvirt {
        /** pci controller index to model. */
        final Map<Integer, String> controllers = new HashMap<>();
        final Set<Integer> hotplugOff = new HashSet<>();
        /** Device key to {@code bus:slot.function} in hex. */
        final Map<String, String> addresses = new HashMap<>();
        final Set<String> usedSlots = new HashSet<>();

        static Libvirt read(byte[] output) throws Exception {
            Libvirt l = new Libvirt();
            Element devices = XmlFile.parse(output).root().element("devices");
            Map<String, Integer> ordinals = new HashMap<>();
            for (Element e : devices.elements()) {
                String kind = e.getName();
                String key;
                if (kind.equals("controller")) {
                    int index = Integer.parseInt(e.attributeValue("index"));
                    key = controllerKey(e.attributeValue("type"), index, e.attributeValue("model"));
                    if ("pci".equals(e.attributeValue("type"))) {
                        l.controllers.put(index, e.attributeValue("model"));
                        Element target = e.element("target");
                        if (target != null && "off".equals(target.attributeValue("hotplug"))) {
                            l.hotplugOff.add(index);
                        }
                    }
                } else if (kind.equals("disk")) {
                    key = "disk " + e.element("target").attributeValue("dev");
                } else {
                    key = kind + " " + (ordinals.merge(kind, 1, Integer::sum) - 1);
                }
                Element a = e.element("address");
                Element target = e.element("target");
                if (kind.equals("console") && target != null && "serial".equals(target.attributeValue("type"))) {
                    continue; // the console for the first serial shows the serial's address
                }
                // An empty <address type='pci'/> (a device that is no PCI device keeps it) holds no slot.
                if (a != null && "pci".equals(a.attributeValue("type")) && a.attributeValue("bus") != null) {
                    String slot = String.format(Locale.ROOT, "%02x:%02x", Long.decode(a.attributeValue("bus")),
                            Long.decode(a.attributeValue("slot")));
                    l.addresses.put(key, slot + "." + Long.decode(a.attributeValue("function")));
                    l.usedSlots.add(slot);
                }
            }
            return l;
        }

        String bySlot(String slot) {
            return addresses.entrySet().stream().filter(e -> e.getValue().startsWith(slot + "."))
                    .map(Map.Entry::getKey).sorted().toList().toString();
        }

        /**
         * Free slots of hot-pluggable buses (only the PCI Express ports when {@code portsOnly}):
         * the bus models' slots, less those an address of libvirt's output uses, less the PIIX3
         * chipset's slot 1 on pc, which holds functions libvirt never lists.
         */
        int freeHotplug(Domain.Machine machine, boolean portsOnly) {
            int free = 0;
            for (Map.Entry<Integer, String> c : controllers.entrySet()) {
                int[] range = SLOTS.get(c.getValue());
                if (range == null || hotplugOff.contains(c.getKey()) || (portsOnly && !PORTS.contains(c.getValue()))) {
                    continue;
                }
                for (int s = range[0]; s <= range[1]; s++) {
                    String slot = String.format(Locale.ROOT, "%02x:%02x", c.getKey(), s);
                    boolean chipset = machine == Domain.Machine.PC && c.getKey() == 0 && s == 1;
                    free += usedSlots.contains(slot) || chipset ? 0 : 1;
                }
            }
            return free;
        }
    }
}
