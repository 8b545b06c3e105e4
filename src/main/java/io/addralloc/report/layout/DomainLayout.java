package io.addralloc.report.layout;

import io.addralloc.libvirt.addr.PciTopology;
import io.addralloc.libvirt.addr.Ports;
import io.addralloc.libvirt.define.DefineSimulation;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.SourceText;
import io.addralloc.libvirt.xml.XmlFile;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dom4j.Element;

/**
 * What a domain's page shows, taken from the simulation of libvirt's define that verify ran:
 * every device with the address libvirt gives it, the PCI topology with free slots, and the
 * drive, virtio-serial, USB, CCW and spapr-vio maps. Plain data without the parsed file, so that
 * the pages of thousands of domains can wait in memory for the checks across files.
 *
 * @param name the domain's {@code <name>}, or null
 * @param arch {@code <os><type arch>} as written, or null
 * @param machine {@code <os><type machine>} as written, or null
 * @param family the machine family addralloc models, or null when it does not model this one
 * @param devices every device the domain ends up with, in libvirt's order, libvirt's own additions included
 * @param pci the PCI buses, parents before children; empty without PCI
 * @param offBus devices whose PCI address is on no slot (the file has an error there)
 * @param maps the non-PCI address maps that have entries
 * @param source the file's lines, for the findings to point at; empty when the file is too large to show
 */
public record DomainLayout(String name, String arch, String machine, Domain.Machine family, List<Item> devices,
        List<BusView> pci, List<Integer> offBus, List<AddressMap> maps, List<String> source) {

    /** Files longer than this are not listed on their page (a finding still names its line). */
    static final int MAX_SOURCE_LINES = 4000;
    static final int MAX_SOURCE_CHARS = 512 * 1024;

    /**
     * A device.
     *
     * @param id its number on the page
     * @param kind the element name ({@code interface}, {@code controller}, ...)
     * @param what its type or model ({@code virtio}, {@code usb qemu-xhci index 0}, ...)
     * @param detail how the file names it: alias, target, source network, MAC, channel name; may be empty
     * @param line the first line of its element, 0 for one libvirt adds
     * @param lastLine the last line of its element
     * @param address the address libvirt gives it, or empty
     * @param libvirtChooses the file does not give this address (or the element at all): libvirt picks it
     * @param aliasDropped the alias is one libvirt drops (it keeps only {@code ua-} and letters, digits, _ and -)
     * @param implicit libvirt adds the device: the file has no element for it
     * @param pci the device sits on PCI (or would, where its address is one libvirt refuses)
     */
    public record Item(int id, String kind, String what, String detail, int line, int lastLine, String address,
            boolean libvirtChooses, boolean aliasDropped, boolean implicit, boolean pci) {
        /** The device as one line: kind, what, detail. */
        public String label() {
            return kind + " " + what + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    /**
     * A PCI bus.
     *
     * @param controller the item of the controller that provides it
     * @param depth how many buses are above it
     */
    public record BusView(int index, String model, int controller, boolean hotpluggable, boolean port, int depth,
            List<SlotView> slots) {
    }

    /** A slot; free when it has no function. */
    public record SlotView(int number, List<FunctionView> functions) {
        public boolean free() {
            return functions.isEmpty();
        }
    }

    /**
     * A function of a slot.
     *
     * @param chipset what the chipset has there, or null when a device does
     * @param items the devices there (more than one: the file gives them one address)
     * @param childBus the bus this function's controller provides, or -1
     */
    public record FunctionView(int number, String chipset, List<Integer> items, int childBus) {
    }

    /**
     * The addresses of one kind, as a table.
     *
     * @param title what they are
     * @param columns the address's fields
     * @param rows each a device's fields, then the item, in address order
     * @param notes what the table does not show: ports free, controllers without devices
     */
    public record AddressMap(String title, List<String> columns, List<Row> rows, List<String> notes) {
    }

    /** A row of an {@link AddressMap}. */
    public record Row(List<String> fields, int item) {
    }

    /** The layout of a domain libvirt's define was simulated for ({@code outcome.domain()} may be null). */
    public static DomainLayout of(XmlFile xml, DefineSimulation.Outcome outcome) {
        LocatedElement root = xml.root();
        Element os = root.element("os");
        Element type = os == null ? null : os.element("type");
        String name = root.elementTextTrim("name");
        List<String> source = sourceLines(xml.source());
        Domain domain = outcome == null ? null : outcome.domain();
        if (domain == null) {
            return new DomainLayout(name, attr(type, "arch"), attr(type, "machine"), null, List.of(), List.of(),
                    List.of(), List.of(), source);
        }
        Map<Device, Integer> ids = new IdentityHashMap<>();
        List<Item> items = new ArrayList<>();
        for (Device d : domain.all()) {
            if (d.serialAlias) {
                continue; // the console for the first serial: the serial's own row shows it
            }
            ids.put(d, items.size());
            items.add(item(items.size(), d, xml.source()));
        }
        PciTopology topology = PciTopology.of(domain, outcome.pciAddresses());
        List<BusView> buses = buses(topology, ids, domain.machine());
        List<Integer> offBus = new ArrayList<>();
        for (Device d : topology.offBus()) {
            if (ids.containsKey(d)) {
                offBus.add(ids.get(d));
            }
        }
        return new DomainLayout(name, attr(type, "arch"), attr(type, "machine"), domain.machine(),
                List.copyOf(items), buses, List.copyOf(offBus), AddressMaps.of(domain, ids), source);
    }

    private static String attr(Element e, String name) {
        return e == null ? null : e.attributeValue(name);
    }

    static List<String> sourceLines(SourceText source) {
        String text = source.text();
        if (text.length() > MAX_SOURCE_CHARS) {
            return List.of();
        }
        List<String> lines = io.addralloc.libvirt.write.UnifiedDiff.lines(text);
        return lines.size() > MAX_SOURCE_LINES ? List.of() : List.copyOf(lines);
    }

    private static Item item(int id, Device d, SourceText source) {
        LocatedElement e = d.element();
        int line = e == null ? 0 : e.line();
        int last = e == null ? 0 : Math.max(line, source.line(Math.max(e.startTagStart(), e.endTagEnd() - 1)));
        String alias = null;
        if (e != null && e.element("alias") != null) {
            alias = e.element("alias").attributeValue("name");
        }
        return new Item(id, d.kind().element(), what(d), detail(d, alias), line, last, address(d.address()),
                d.address() != null && (d.isImplicit() || !samePlace(d.xmlAddr, d.address())), alias != null && !keptAlias(alias),
                d.isImplicit(), d.pciFlags != 0 || d.address() instanceof Addr.Pci);
    }

    /** libvirt keeps a user alias only when it is {@code ua-} followed by these (domain_conf.c, USER_ALIAS_CHARS). */
    private static boolean keptAlias(String alias) {
        if (!alias.startsWith("ua-")) {
            return false;
        }
        for (int i = 0; i < alias.length(); i++) {
            char c = alias.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Whether the file's address is where the device ends up (a PCI address's multifunction aside). */
    private static boolean samePlace(Addr file, Addr end) {
        if (end == null) {
            return true; // nothing to choose
        }
        if (file instanceof Addr.Pci f && end instanceof Addr.Pci e) {
            return f.isPresent() && f.sameSlot(e) && f.function() == e.function();
        }
        return end.equals(file);
    }

    private static String what(Device d) {
        if (d.kind() == DeviceKind.CONTROLLER) {
            return d.type + (d.model == null ? "" : " " + d.model) + " index " + d.index;
        }
        List<String> parts = new ArrayList<>(3);
        switch (d.kind()) {
            case DISK -> {
                parts.add("disk".equals(d.diskDevice) ? null : d.diskDevice);
                parts.add(d.bus);
            }
            case INPUT -> {
                parts.add(d.type);
                parts.add(d.bus);
            }
            case SERIAL, CONSOLE, CHANNEL, PARALLEL -> parts.add(d.targetType);
            case HOSTDEV -> parts.add(d.type);
            default -> parts.add(d.model != null ? d.model : d.type);
        }
        parts.removeIf(p -> p == null || p.isEmpty());
        return String.join(" ", parts);
    }

    private static String detail(Device d, String alias) {
        List<String> parts = new ArrayList<>(3);
        LocatedElement e = d.element();
        if (d.kind() == DeviceKind.DISK && d.targetDev != null) {
            parts.add(d.targetDev);
        }
        if (e != null) {
            Element source = e.element("source");
            Element target = e.element("target");
            switch (d.kind()) {
                case INTERFACE -> {
                    if (source != null) {
                        addFirst(parts, source, "network", "bridge", "dev");
                    }
                    Element mac = e.element("mac");
                    if (mac != null && mac.attributeValue("address") != null) {
                        parts.add(mac.attributeValue("address"));
                    }
                }
                case CHANNEL -> {
                    if (target != null && target.attributeValue("name") != null) {
                        parts.add(target.attributeValue("name"));
                    }
                }
                case FILESYSTEM -> {
                    if (target != null && target.attributeValue("dir") != null) {
                        parts.add(target.attributeValue("dir"));
                    }
                }
                default -> { }
            }
        }
        if (alias != null) {
            parts.add("alias " + alias);
        }
        return String.join(" ", parts);
    }

    private static void addFirst(List<String> parts, Element e, String... names) {
        for (String n : names) {
            String v = e.attributeValue(n);
            if (v != null) {
                parts.add(v);
                return;
            }
        }
    }

    /** An address as libvirt writes it in messages and the report's tables. */
    static String address(Addr a) {
        if (a == null) {
            return "";
        }
        if (a instanceof Addr.Pci p) {
            return Html.pci(p.domain(), p.bus(), p.slot(), p.function());
        }
        if (a instanceof Addr.Drive d) {
            return "drive " + d.controller() + ":" + d.bus() + ":" + d.target() + ":" + d.unit();
        }
        if (a instanceof Addr.VirtioSerial v) {
            return "virtio-serial " + v.controller() + ":" + v.bus() + ":" + v.port();
        }
        if (a instanceof Addr.Usb u) {
            return "usb bus " + u.bus() + " port " + u.portString();
        }
        if (a instanceof Addr.Ccid c) {
            return "ccid " + c.controller() + ":" + c.slot();
        }
        if (a instanceof Addr.Ccw || a instanceof Addr.SpaprVio) {
            return a.type() + " " + a;
        }
        if (a instanceof Addr.Dimm d) {
            return "dimm slot " + d.slot() + (d.base() >= 0 ? " base 0x" + Long.toHexString(d.base()) : "");
        }
        if (a instanceof Addr.Isa i) {
            return "isa" + (i.iobase() >= 0 ? " iobase 0x" + Long.toHexString(i.iobase()) : "")
                    + (i.irq() >= 0 ? " irq " + i.irq() : "");
        }
        return a.type();
    }

    private static List<BusView> buses(PciTopology topology, Map<Device, Integer> ids, Domain.Machine machine) {
        List<PciTopology.Bus> all = topology.buses();
        // A bus's parent is the bus its controller's address is on; buses without one (the root,
        // pseries host bridges) start a tree of their own.
        int[] parent = new int[all.size()];
        for (PciTopology.Bus b : all) {
            Addr.Pci a = b.controller() == null ? null : b.controller().pci();
            parent[b.index()] = b.index() > 0 && a != null && a.isPresent() && a.bus() < all.size()
                    && a.bus() != b.index() ? (int) a.bus() : -1;
        }
        List<BusView> out = new ArrayList<>(all.size());
        boolean[] drawn = new boolean[all.size()];
        for (PciTopology.Bus b : all) {
            if (parent[b.index()] < 0) {
                addTree(b.index(), 0, all, parent, ids, machine, out, drawn);
            }
        }
        for (PciTopology.Bus b : all) {
            if (!drawn[b.index()]) {
                addTree(b.index(), 0, all, parent, ids, machine, out, drawn); // a cycle the file made: shown flat
            }
        }
        return List.copyOf(out);
    }

    /** The bus and, depth first, the buses below it: the order the picture draws them in. */
    private static void addTree(int index, int depth, List<PciTopology.Bus> all, int[] parent,
            Map<Device, Integer> ids, Domain.Machine machine, List<BusView> out, boolean[] drawn) {
        if (drawn[index]) {
            return;
        }
        drawn[index] = true;
        PciTopology.Bus b = all.get(index);
        List<SlotView> slots = new ArrayList<>(b.slots().size());
        List<Integer> children = new ArrayList<>();
        for (PciTopology.Slot s : b.slots()) {
            List<FunctionView> functions = new ArrayList<>(s.functions().size());
            for (PciTopology.Function f : s.functions()) {
                List<Integer> items = new ArrayList<>(f.devices().size());
                int child = -1;
                for (Device d : f.devices()) {
                    Integer id = ids.get(d);
                    if (id != null) {
                        items.add(id);
                    }
                    if (d.isController("pci") && d.index > 0 && d.index < all.size() && parent[(int) d.index] == index
                            && child < 0) {
                        child = (int) d.index;
                        children.add(child);
                    }
                }
                functions.add(new FunctionView(f.number(), f.chipset() ? chipset(machine, index, s.number(),
                        f.number()) : null, List.copyOf(items), child));
            }
            slots.add(new SlotView(s.number(), List.copyOf(functions)));
        }
        Integer controller = b.controller() == null ? null : ids.get(b.controller());
        out.add(new BusView(index, b.model(), controller == null ? -1 : controller, b.hotpluggable(), b.isPort(), depth,
                List.copyOf(slots)));
        for (int child : children) {
            addTree(child, depth + 1, all, parent, ids, machine, out, drawn);
        }
    }

    /** What the chipset has at a function it holds (libvirt reserves them without naming them). */
    private static String chipset(Domain.Machine machine, int bus, int slot, int function) {
        String where = Html.hex(slot, 2) + "." + function;
        if (machine == Domain.Machine.PC && bus == 0) {
            return switch (where) {
                case "01.0" -> "PIIX3 ISA bridge";
                case "01.3" -> "PIIX4 power management";
                default -> "chipset";
            };
        }
        if (machine == Domain.Machine.Q35 && bus == 0) {
            return switch (where) {
                case "1f.0" -> "ICH9 LPC bridge";
                case "1f.3" -> "ICH9 SMBus";
                default -> "chipset";
            };
        }
        return "chipset";
    }

    /** How many PCI slots hold something, and how many are free. */
    public int[] pciSlotsUsedAndFree() {
        int used = 0;
        int free = 0;
        for (BusView b : pci) {
            for (SlotView s : b.slots()) {
                if (s.free()) {
                    free++;
                } else {
                    used++;
                }
            }
        }
        return new int[] {used, free};
    }

    /** Free slots of hot-pluggable PCI Express ports ({@code ports}) or of every hot-pluggable bus. */
    public int freeHotplug(boolean portsOnly) {
        int n = 0;
        for (BusView b : pci) {
            if (b.hotpluggable() && (b.port() || !portsOnly)) {
                for (SlotView s : b.slots()) {
                    n += s.free() ? 1 : 0;
                }
            }
        }
        return n;
    }

    /** Devices whose address (or whose element) libvirt chooses, because the file does not give it. */
    public int unpinned() {
        int n = 0;
        for (Item i : devices) {
            n += i.libvirtChooses() ? 1 : 0;
        }
        return n;
    }

    /** Whether the machine counts hot-plug capacity in PCI Express ports rather than PCI slots. */
    public boolean countsPorts() {
        return family != null && family.pcieRoot();
    }

    /** Ports of a USB controller for the maps. */
    static int usbPorts(Device c) {
        return Ports.usb(c);
    }
}
