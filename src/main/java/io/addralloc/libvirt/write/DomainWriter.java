package io.addralloc.libvirt.write;

import io.addralloc.libvirt.addr.PciFlags;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.parse.Numbers;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.SourceText;
import io.addralloc.libvirt.xml.XmlFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dom4j.Element;

/**
 * Writes a simulated layout back into the file it came from, as insertions only: an
 * {@code <address>} into each device that lacks one, missing attributes into partial
 * addresses and index-less controllers, and new elements for what libvirt adds by itself
 * (controllers, hubs, the balloon, the default video). Every other character stays as it was;
 * the new text follows the file's own quotes, indentation and line endings.
 */
public final class DomainWriter {

    /**
     * @param text the new text, or null when nothing needed writing
     * @param addresses addresses written or completed
     * @param elements device elements added
     * @param replacements edits that had to change existing characters (ideally 0)
     */
    public record Result(String text, int addresses, int elements, int replacements) {
    }

    /** libvirt's order of device kinds in its output, used to place new elements. */
    private static final List<String> OUTPUT_ORDER = List.of("emulator", "disk", "controller", "lease",
            "filesystem", "interface", "smartcard", "serial", "parallel", "console", "channel", "input", "tpm",
            "graphics", "sound", "audio", "video", "hostdev", "redirdev", "redirfilter", "hub", "watchdog",
            "memballoon", "rng", "nvram", "panic", "shmem", "memory", "iommu", "vsock");

    /** Controller types whose {@code model} libvirt writes out when the file gives none. */
    private static final java.util.Set<String> MODELLED = java.util.Set.of("usb", "scsi", "pci");

    private final XmlFile xml;
    private final SourceText source;
    private final String text;
    private final String nl;
    private final char quote;
    private final String unit;
    private final TextEdits edits = new TextEdits();
    private final Map<LocatedElement, List<String>> selfClosingChildren = new LinkedHashMap<>();
    private int addresses;
    private int elements;

    private DomainWriter(XmlFile xml) {
        this.xml = xml;
        this.source = xml.source();
        this.text = source.text();
        this.nl = source.lineSeparator();
        this.quote = countOf(text, "=\"") > countOf(text, "='") ? '"' : '\'';
        this.unit = indentUnit();
    }

    public static Result write(XmlFile xml, Domain domain) {
        return write(xml, domain, List.of());
    }

    /**
     * As {@link #write(XmlFile, Domain)}, and gives the interfaces that have no {@code <mac>}
     * these MACs, in document order, each as the interface's first child (where libvirt writes
     * it). Interfaces beyond the list keep having none.
     */
    public static Result write(XmlFile xml, Domain domain, List<String> macs) {
        return new DomainWriter(xml).run(domain, macs);
    }

    private Result run(Domain domain, List<String> macs) {
        int nextMac = 0;
        for (Element e : interfacesWithoutMac(xml.root())) {
            if (nextMac >= macs.size()) {
                break;
            }
            insertFirstChild((LocatedElement) e, "<mac address=" + quote + macs.get(nextMac++) + quote + "/>");
            addresses++;
        }
        Map<String, List<String>> newElements = new LinkedHashMap<>();
        for (Device d : domain.all()) {
            if (d.isImplicit()) {
                String element = newElement(d, domain);
                if (element != null) {
                    newElements.computeIfAbsent(d.kind().element(), k -> new ArrayList<>()).add(element);
                }
                continue;
            }
            if (d.kind() == DeviceKind.CONTROLLER) {
                if (d.element().attributeValue("index") == null) {
                    insertAttribute(d.element(), "index", Long.toString(d.index), "type");
                }
                String model = d.element().attributeValue("model");
                if (model == null && d.model != null && MODELLED.contains(d.type)) {
                    // The model libvirt picks by default decides the controller's bus and slots;
                    // a later libvirt may pick another, so it is pinned too.
                    insertAttribute(d.element(), "model", d.model, "index");
                } else if ("auto".equals(model) && d.model != null && !"auto".equals(d.model)) {
                    // libvirt replaces a SCSI model 'auto' by the one it picks.
                    StartTag.Span span = new StartTag(text, d.element()).attributes.get("model");
                    edits.replace(span.valueStart(), span.valueEnd() - span.valueStart(), d.model);
                }
                if ("pci".equals(d.type)) {
                    pinPciController(d);
                }
                pinUsbMaster(d);
            }
            pinDefaults(d, domain);
            Addr addr = d.serialAlias ? firstSerialAddress(domain) : d.address();
            if (addr == null) {
                continue;
            }
            LocatedElement existing = (LocatedElement) d.element().element("address");
            if (existing == null) {
                insertChild(d.element(), addressElement(d, addr));
                addresses++;
            } else if (completeAddress(existing, addressElement(d, addr), addr, d)) {
                pinZpci(existing, d);
            }
        }
        expandSelfClosing();
        placeNewElements(newElements);
        if (edits.isEmpty()) {
            return new Result(null, 0, 0, 0);
        }
        return new Result(edits.apply(text), addresses, elements, edits.replacements());
    }

    /** The address libvirt shows on a console that stands for the first serial port: that port's. */
    private static Addr firstSerialAddress(Domain domain) {
        List<Device> serials = domain.of(DeviceKind.SERIAL);
        return serials.isEmpty() ? null : serials.get(0).address();
    }

    /** The address element to write for a device: with its zPCI identifiers on s390. */
    private String addressElement(Device d, Addr addr) {
        String element = AddressFormat.element(addr, quote);
        if (!(addr instanceof Addr.Pci) || d.zpciUid < 0) {
            return element;
        }
        return element.substring(0, element.length() - 2) + ">" + zpciElement(d) + "</address>";
    }

    private String zpciElement(Device d) {
        return "<zpci uid=" + quote + AddressFormat.hex(d.zpciUid, 4) + quote + " fid=" + quote
                + AddressFormat.hex(d.zpciFid, 8) + quote + "/>";
    }

    /** Adds the zPCI identifiers libvirt gives an s390 PCI device to the address the file has. */
    private void pinZpci(LocatedElement address, Device d) {
        if (!(d.address() instanceof Addr.Pci) || d.zpciUid < 0) {
            return;
        }
        LocatedElement zpci = (LocatedElement) address.element("zpci");
        if (zpci == null) {
            insertChild(address, zpciElement(d));
            addresses++;
            return;
        }
        StartTag tag = new StartTag(text, zpci);
        if (!tag.attributes.containsKey("uid")) {
            edits.insert(tag.insertAt, " uid=" + quote + AddressFormat.hex(d.zpciUid, 4) + quote);
        }
        if (!tag.attributes.containsKey("fid")) {
            edits.insert(tag.insertAt, " fid=" + quote + AddressFormat.hex(d.zpciFid, 8) + quote);
        }
    }

    /**
     * Completes an address the file gives with what libvirt fills in.
     *
     * @param whole the address element to write when the file's must be replaced
     * @return false when the file's address was replaced as a whole
     */
    private boolean completeAddress(LocatedElement existing, String whole, Addr addr, Device d) {
        StartTag tag = new StartTag(text, existing);
        String type = existing.attributeValue("type");
        if (!addr.type().equals(type)) {
            // libvirt replaces an address of the wrong type (a channel given a pci address).
            edits.replace(existing.startTagStart(), existing.endTagEnd() - existing.startTagStart(), whole);
            addresses++;
            return false;
        }
        if (addr instanceof Addr.Pci p && p.multifunction() == null && tag.attributes.containsKey("multifunction")) {
            // libvirt drops multifunction from a PCI address it had to fill in (no slot given);
            // keeping it would pin another layout, and an attribute cannot be emptied.
            edits.replace(existing.startTagStart(), existing.endTagEnd() - existing.startTagStart(), whole);
            addresses++;
            return false;
        }
        if (addr instanceof Addr.Pci && existing.element("zpci") != null && d.zpciUid < 0 && d.zpciFid < 0) {
            // The chipset's fixed places drop the zPCI identifiers of an all-zero address.
            edits.replace(existing.startTagStart(), existing.endTagEnd() - existing.startTagStart(), whole);
            addresses++;
            return false;
        }
        boolean changed = false;
        for (Map.Entry<String, String> want : AddressFormat.attributes(addr).entrySet()) {
            StartTag.Span span = tag.attributes.get(want.getKey());
            if (span == null) {
                edits.insert(tag.insertAt, " " + want.getKey() + "=" + quote + want.getValue() + quote);
                changed = true;
            } else if (!sameValue(addr, want.getKey(), text.substring(span.valueStart(), span.valueEnd()),
                    want.getValue())) {
                edits.replace(span.valueStart(), span.valueEnd() - span.valueStart(), want.getValue());
                changed = true;
            }
        }
        if (changed) {
            addresses++;
        }
        return true;
    }

    private static boolean sameValue(Addr addr, String attr, String have, String want) {
        if (attr.equals("type") || attr.equals("multifunction")) {
            return have.equals(want);
        }
        if (addr instanceof Addr.Usb && attr.equals("port")) {
            String[] parts = have.split("\\.");
            StringBuilder norm = new StringBuilder();
            for (String p : parts) {
                long v = Numbers.parseUnsigned(p, 10);
                if (v <= 0) {
                    break;
                }
                norm.append(norm.length() > 0 ? "." : "").append(v);
            }
            return norm.toString().equals(want);
        }
        int base = addr instanceof Addr.Pci || addr instanceof Addr.Ccw ? 0
                : addr instanceof Addr.SpaprVio || addr instanceof Addr.Isa || attr.equals("base") ? 16 : 10;
        long h = Numbers.parseUnsigned(have, base, Long.MAX_VALUE);
        return h >= 0 && h == Numbers.parseUnsigned(want, base, Long.MAX_VALUE);
    }

    private void insertAttribute(LocatedElement e, String name, String value, String after) {
        StartTag tag = new StartTag(text, e);
        StartTag.Span anchor = tag.attributes.get(after);
        int at = anchor != null ? anchor.end() : tag.insertAt;
        edits.insert(at, " " + name + "=" + quote + value + quote);
    }

    /**
     * Opens each self-closing element that gets children, once, with all its children: two
     * separate edits (a MAC and an address) would both try to drop the same {@code /}.
     */
    private void expandSelfClosing() {
        for (Map.Entry<LocatedElement, List<String>> en : selfClosingChildren.entrySet()) {
            LocatedElement e = en.getKey();
            String indent = indentOf(e.startTagStart());
            edits.dropSlash(text.lastIndexOf('/', e.startTagEnd() - 1));
            StringBuilder sb = new StringBuilder();
            boolean ownLines = startsLine(e.startTagStart());
            for (String child : en.getValue()) {
                sb.append(ownLines ? nl + indent + unit : "").append(child);
            }
            sb.append(ownLines ? nl + indent : "").append("</").append(e.getQualifiedName()).append('>');
            edits.insert(e.startTagEnd(), sb.toString());
        }
        selfClosingChildren.clear();
    }

    /** The {@code <interface>} elements without a {@code <mac>}, in document order. */
    public static List<Element> interfacesWithoutMac(Element root) {
        Element devices = root.element("devices");
        if (devices == null) {
            return List.of();
        }
        return devices.elements("interface").stream().filter(i -> i.element("mac") == null).toList();
    }

    /** Adds {@code child} as the first child of {@code e}, on its own line when {@code e} spans lines. */
    private void insertFirstChild(LocatedElement e, String child) {
        if (e.isSelfClosing()) {
            selfClosingChildren.computeIfAbsent(e, k -> new ArrayList<>()).add(0, child);
            return;
        }
        int after = e.startTagEnd();
        boolean ownLine = text.startsWith(nl, after) || text.startsWith("\n", after);
        if (ownLine) {
            edits.insert(after, nl + indentOf(e.startTagStart()) + unit + child);
        } else {
            edits.insert(after, child);
        }
    }

    /** Adds {@code child} as the last child of {@code e}, on its own line when {@code e} spans lines. */
    private void insertChild(LocatedElement e, String child) {
        String indent = indentOf(e.startTagStart());
        if (e.isSelfClosing()) {
            selfClosingChildren.computeIfAbsent(e, k -> new ArrayList<>()).add(child);
            return;
        }
        int close = e.endTagStart();
        int lineStart = lineStart(close);
        if (text.substring(lineStart, close).isBlank()) {
            edits.insert(lineStart, indent + unit + child + nl);
        } else {
            edits.insert(close, child);
        }
    }

    private void placeNewElements(Map<String, List<String>> byKind) {
        if (byKind.isEmpty()) {
            return;
        }
        LocatedElement devices = (LocatedElement) xml.root().element("devices");
        if (devices == null || devices.isSelfClosing()) {
            StringBuilder all = new StringBuilder();
            String indent = unit + unit;
            for (String kind : OUTPUT_ORDER) {
                for (String el : byKind.getOrDefault(kind, List.of())) {
                    all.append(indent).append(el.replace("\n", nl + indent).replace("\t", unit)).append(nl);
                    elements++;
                }
            }
            if (devices == null) {
                LocatedElement root = xml.root();
                int close = root.endTagStart();
                edits.insert(lineStart(close), unit + "<devices>" + nl + all + unit + "</devices>" + nl);
            } else {
                edits.dropSlash(text.lastIndexOf('/', devices.startTagEnd() - 1));
                edits.insert(devices.startTagEnd(), nl + all + indentOf(devices.startTagStart()) + "</devices>");
            }
            return;
        }
        List<Element> children = devices.elements();
        String indent = children.isEmpty() ? indentOf(devices.startTagStart()) + unit
                : indentOf(((LocatedElement) children.get(0)).startTagStart());
        for (String kind : OUTPUT_ORDER) {
            List<String> els = byKind.get(kind);
            if (els == null) {
                continue;
            }
            int at = anchorFor(devices, kind);
            StringBuilder sb = new StringBuilder();
            // An element's own line breaks take the line ending and the indent, and tabs one indent
            // unit each, the indent's tabs too: in one pass over the element, not two replacements.
            String lineBreak = (nl + indent).replace("\t", unit);
            for (String el : els) {
                sb.append(nl).append(indent);
                for (int i = 0; i < el.length(); i++) {
                    char c = el.charAt(i);
                    if (c == '\n') {
                        sb.append(lineBreak);
                    } else if (c == '\t') {
                        sb.append(unit);
                    } else {
                        sb.append(c);
                    }
                }
                elements++;
            }
            edits.insert(at, sb.toString());
        }
    }

    /**
     * After the last element, in document order, of this kind or of a kind libvirt lists
     * earlier; at the top of {@code <devices>} when there is none.
     */
    private int anchorFor(LocatedElement devices, String kind) {
        int rank = OUTPUT_ORDER.indexOf(kind);
        LocatedElement best = null;
        for (Element c : devices.elements()) {
            int r = OUTPUT_ORDER.indexOf(c.getName());
            if (r <= rank) {
                best = (LocatedElement) c;
            }
        }
        return best != null ? best.endTagEnd() : devices.startTagEnd();
    }

    /** The element libvirt would list for a device it adds itself; null when it has none to pin. */
    private String newElement(Device d, Domain domain) {
        if (d.kind() == DeviceKind.INPUT && d.address() == null) {
            // The PS/2 devices x86 adds have no address to pin; the USB ones pseries adds do.
            return null;
        }
        if (d.isController("usb") && domain.controllers().stream().anyMatch(c -> c.isController("usb")
                && "none".equals(c.model))) {
            // libvirt adds a USB controller at index 0 beside a model='none' one at another
            // index, but refuses a file that gives both.
            return null;
        }
        List<String> children = new ArrayList<>();
        StringBuilder open = new StringBuilder("<").append(d.kind().element());
        switch (d.kind()) {
            case CONTROLLER -> {
                attr(open, "type", d.type);
                attr(open, "index", Long.toString(d.index));
                if (d.model != null && !"sata".equals(d.type) && !"ide".equals(d.type) && !"fdc".equals(d.type)) {
                    attr(open, "model", d.model);
                }
                if ("pci".equals(d.type)) {
                    pciControllerChildren(d, children);
                }
            }
            case MEMBALLOON -> attr(open, "model", d.model);
            case VIDEO -> children.add("<model type=" + quote + d.model + quote + "/>");
            case HUB -> attr(open, "type", d.type);
            case INPUT -> {
                attr(open, "type", d.type);
                attr(open, "bus", d.bus);
            }
            case SERIAL, CONSOLE -> {
                // The serial a lone console becomes, or the console libvirt adds for the first
                // serial: worth writing only where they have an address.
                Addr addr = d.serialAlias ? firstSerialAddress(domain) : d.address();
                // Consoles are numbered by their place in the file: one written before the file's own
                // would renumber them, so the console for the first serial is left to libvirt there.
                boolean renumbers = d.kind() == DeviceKind.CONSOLE
                        && domain.of(DeviceKind.CONSOLE).stream().anyMatch(c -> c.element() != null);
                if (d.template == null || addr == null || renumbers) {
                    return null;
                }
                String type = d.template.attributeValue("type");
                attr(open, "type", type == null ? "pty" : type);
                for (Element child : d.template.elements()) {
                    String name = child.getName();
                    if (!name.equals("target") && !name.equals("address") && !name.equals("alias")) {
                        LocatedElement c = (LocatedElement) child;
                        children.add(text.substring(c.startTagStart(), c.endTagEnd()));
                    }
                }
                String targetType = d.serialAlias ? "serial" : serialType(d, domain);
                children.add("<target" + (targetType == null ? "" : " type=" + quote + targetType + quote) + " port="
                        + quote + d.targetPort + quote + "/>");
                if (d.serialAlias) {
                    children.add(AddressFormat.element(addr, quote));
                    addresses++;
                }
            }
            default -> {
                return null;
            }
        }
        if (d.address() != null) {
            children.add(addressElement(d, d.address()));
            addresses++;
        }
        if (children.isEmpty()) {
            return open.append("/>").toString();
        }
        StringBuilder sb = open.append(">");
        for (String c : children) {
            sb.append("\n\t").append(c);
        }
        return sb.append("\n</").append(d.kind().element()).append(">").toString();
    }

    private void pciControllerChildren(Device c, List<String> children) {
        if (c.modelName != null) {
            children.add("<model name=" + quote + c.modelName + quote + "/>");
        }
        String target = targetAttributes(c, null);
        if (!target.isEmpty()) {
            children.add("<target" + target + "/>");
        }
    }

    /**
     * The {@code <target>} attributes libvirt fills in for a PCI controller that the file's
     * {@code <target>} (null: none) does not give yet, in libvirt's order, each with a leading space.
     */
    private String targetAttributes(Device c, Element existing) {
        long[] values = {c.chassisNr, c.chassis, c.port, c.busNr, c.targetIndex};
        String[] names = {"chassisNr", "chassis", "port", "busNr", "index"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= 0 && (existing == null || existing.attributeValue(names[i]) == null)) {
                String v = names[i].equals("port") ? AddressFormat.hex(values[i], 0)
                        : Long.toString(values[i]);
                sb.append(' ').append(names[i]).append('=').append(quote).append(v).append(quote);
            }
        }
        return sb.toString();
    }

    /**
     * What libvirt fills in for a device the file lists that decides its bus and place: a NIC's
     * model, a disk's bus, a character device's target type and port.
     */
    private void pinDefaults(Device d, Domain domain) {
        LocatedElement e = d.element();
        switch (d.kind()) {
            case INTERFACE -> {
                LocatedElement model = (LocatedElement) e.element("model");
                if (d.model != null && model == null && !"hostdev".equals(d.type)) {
                    insertChild(e, "<model type=" + quote + d.model + quote + "/>");
                    addresses++;
                } else if (model != null && PciFlags.isKnownNicModel(d.model)) {
                    // libvirt writes a model it knows in its own spelling (ViRtIo becomes virtio).
                    if (pinAttribute(model, "type", d.model.toLowerCase(Locale.ROOT), false)) {
                        addresses++;
                    }
                }
            }
            case DISK -> {
                LocatedElement target = (LocatedElement) e.element("target");
                if (target != null && target.attributeValue("bus") == null && d.bus != null) {
                    edits.insert(new StartTag(text, target).insertAt, " bus=" + quote + d.bus + quote);
                    addresses++;
                }
            }
            case SERIAL, CONSOLE, PARALLEL -> pinCharTarget(d, domain);
            default -> { }
        }
    }

    /**
     * A character device's {@code <target type port>} as libvirt fills them in. An x86 serial
     * whose type the file leaves out is only written as {@code isa-serial} where that keeps the
     * domain valid: libvirt checks the ISA limits only on serials the file types so.
     */
    private void pinCharTarget(Device d, Domain domain) {
        String type = switch (d.kind()) {
            case SERIAL -> serialType(d, domain);
            case CONSOLE -> d.serialAlias || d.targetType == null ? "serial" : d.targetType;
            default -> null;
        };
        LocatedElement target = (LocatedElement) d.element().element("target");
        String port = d.targetPort >= 0 ? Long.toString(d.targetPort) : null;
        if (target == null) {
            StringBuilder attributes = new StringBuilder();
            if (type != null) {
                attributes.append(" type=").append(quote).append(type).append(quote);
            }
            if (port != null) {
                attributes.append(" port=").append(quote).append(port).append(quote);
            }
            if (!attributes.isEmpty()) {
                insertFirstChild(d.element(), "<target" + attributes + "/>");
                addresses++;
            }
            return;
        }
        // libvirt rewrites a console's port, a serial's port -1 and an isa-serial off x86.
        boolean changed = pinAttribute(target, "type", type, false) | pinAttribute(target, "port", port, true);
        if (changed) {
            addresses++;
        }
    }

    /**
     * Gives the attribute libvirt's value: inserted when absent, replaced when it differs.
     *
     * @return whether anything changed
     */
    private boolean pinAttribute(LocatedElement e, String name, String want, boolean number) {
        if (want == null) {
            return false;
        }
        StartTag tag = new StartTag(text, e);
        StartTag.Span span = tag.attributes.get(name);
        if (span == null) {
            edits.insert(tag.insertAt, " " + name + "=" + quote + want + quote);
            return true;
        }
        String have = text.substring(span.valueStart(), span.valueEnd());
        boolean same = number ? Numbers.parseUnsigned(have, 10) == Long.parseLong(want) : have.equals(want);
        if (!same) {
            edits.replace(span.valueStart(), span.valueEnd() - span.valueStart(), want);
            return true;
        }
        return false;
    }

    /** The target type to write for a serial: its own, or isa-serial on x86 where that keeps the domain valid. */
    private static String serialType(Device s, Domain domain) {
        return s.targetType != null ? s.targetType : isaSerialsFit(domain) ? "isa-serial" : null;
    }

    /**
     * Whether every x86 serial without a type could say isa-serial and pass libvirt's ISA checks,
     * which it makes only on serials the file types so: at most 4, on distinct ports 0 to 3.
     */
    private static boolean isaSerialsFit(Domain domain) {
        int used = 0;
        int isa = 0;
        for (Device s : domain.of(DeviceKind.SERIAL)) {
            if (s.targetType == null || "isa-serial".equals(s.targetType)) {
                isa++;
                if (s.targetPort < 0 || s.targetPort >= 4 || (used & 1 << s.targetPort) != 0) {
                    return false;
                }
                used |= 1 << s.targetPort;
            }
        }
        return isa <= 4;
    }

    /**
     * An ich9 UHCI companion without {@code <master>} gets the start port of its EHCI master's
     * ports that libvirt gives its model (0, 2, 4): which ports the companion serves.
     */
    private void pinUsbMaster(Device c) {
        if (!"usb".equals(c.type) || c.element().element("master") != null || c.model == null) {
            return;
        }
        String startport = switch (c.model) {
            case "ich9-uhci1" -> "0";
            case "ich9-uhci2" -> "2";
            case "ich9-uhci3" -> "4";
            default -> null;
        };
        if (startport == null) {
            return;
        }
        insertFirstChild(c.element(), "<master startport=" + quote + startport + quote + "/>");
        addresses++;
    }

    /**
     * Pins what libvirt fills in for a PCI controller the file lists: its model name and
     * {@code <target>} values, as new children or attributes of the {@code <target>} it has.
     */
    private void pinPciController(Device c) {
        LocatedElement e = c.element();
        List<String> children = new ArrayList<>();
        boolean changed = false;
        Element model = e.element("model");
        if (c.modelName != null && (model == null || model.attributeValue("name") == null)) {
            if (model == null) {
                children.add("<model name=" + quote + c.modelName + quote + "/>");
            } else {
                edits.insert(new StartTag(text, (LocatedElement) model).insertAt, " name=" + quote + c.modelName
                        + quote);
                changed = true;
            }
        }
        LocatedElement target = (LocatedElement) e.element("target");
        String attributes = targetAttributes(c, target);
        if (!attributes.isEmpty()) {
            if (target == null) {
                children.add("<target" + attributes + "/>");
            } else {
                edits.insert(new StartTag(text, target).insertAt, attributes);
                changed = true;
            }
        }
        if (!children.isEmpty() && e.isSelfClosing()) {
            selfClosingChildren.computeIfAbsent(e, k -> new ArrayList<>()).addAll(0, children);
        } else {
            children.forEach(child -> insertFirstChild(e, child));
        }
        if (changed || !children.isEmpty()) {
            addresses++;
        }
    }

    private void attr(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append('=').append(quote).append(value).append(quote);
    }

    private String indentUnit() {
        LocatedElement devices = (LocatedElement) xml.root().element("devices");
        if (devices != null && startsLine(devices.startTagStart())) {
            String outer = indentOf(devices.startTagStart());
            String rootIndent = indentOf(xml.root().startTagStart());
            if (outer.length() > rootIndent.length()) {
                return outer.substring(rootIndent.length());
            }
        }
        return "  ";
    }

    private int lineStart(int offset) {
        int i = offset;
        while (i > 0 && text.charAt(i - 1) != '\n' && text.charAt(i - 1) != '\r') {
            i--;
        }
        return i;
    }

    private boolean startsLine(int offset) {
        return text.substring(lineStart(offset), offset).isBlank();
    }

    private String indentOf(int offset) {
        int start = lineStart(offset);
        int i = start;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return text.substring(start, i);
    }

    private static int countOf(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
