package io.addralloc.result;

import io.addralloc.libvirt.xml.LocatedElement;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;

/**
 * What the checks across files need to know of one file, and nothing more: after a file is
 * checked its DOM can go, and thousands of files still fit in memory.
 *
 * @param kind domain or network (other kinds carry no facts)
 * @param name the {@code <name>}, or null
 * @param nameAt where the name stands
 * @param uuid the {@code <uuid>} in canonical form (lower case, dashes), or null when absent or unreadable
 * @param uuidAt where the UUID stands
 * @param nics a domain's interfaces, in document order (an unreadable MAC leaves the interface out)
 * @param hosts a network's static DHCP hosts
 * @param hotplug what a domain libvirt accepts leaves for hot-plugging, or null (see {@link HotplugCapacity})
 */
public record FileFacts(FileKind kind, String name, Position nameAt, String uuid, Position uuidAt, List<Nic> nics,
        List<Host> hosts, Hotplug hotplug) {

    /** Facts of a file that takes part in no check across files. */
    public static final FileFacts NONE = new FileFacts(FileKind.FOREIGN, null, null, null, null, List.of(), List.of());

    public FileFacts {
        nics = List.copyOf(nics);
        hosts = List.copyOf(hosts);
    }

    public FileFacts(FileKind kind, String name, Position nameAt, String uuid, Position uuidAt, List<Nic> nics,
            List<Host> hosts) {
        this(kind, name, nameAt, uuid, uuidAt, nics, hosts, null);
    }

    /** These facts with what the domain leaves for hot-plugging. */
    public FileFacts withHotplug(Hotplug capacity) {
        return new FileFacts(kind, name, nameAt, uuid, uuidAt, nics, hosts, capacity);
    }

    /**
     * What a domain leaves for hot-plugging once libvirt has placed every device.
     *
     * @param ports true where what counts is free PCI Express ports (q35, aarch64 virt), false where it
     *     is free slots of hot-pluggable PCI buses (pc)
     * @param machine the machine family as users name it ({@code q35}, {@code aarch64 virt}, {@code pc})
     * @param free how many are free
     * @param pinned whether the file pins every PCI address and PCI controller itself (else libvirt places
     *     some, and would hand a port added now to one of them)
     * @param at where the warning points: the {@code <devices>} element, where controllers are added
     */
    public record Hotplug(boolean ports, String machine, int free, boolean pinned, Position at) {
    }

    /** A 1-based line and column. */
    public record Position(int line, int column) {
        public static Position of(LocatedElement e) {
            return new Position(e.line(), e.column());
        }

        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /**
     * An interface of a domain.
     *
     * @param mac normalized MAC ({@code 52:54:00:0a:0b:0c}), or null when the interface has no
     *     {@code <mac>} (libvirt would make one up; assign writes one)
     * @param network the libvirt network it joins ({@code <source network=>}), or null
     * @param at where its {@code <mac>} stands, else the interface
     */
    public record Nic(String mac, String network, Position at) {
    }

    /** How many interfaces have no {@code <mac>}. */
    public int nicsWithoutMac() {
        return (int) nics.stream().filter(n -> n.mac() == null).count();
    }

    /**
     * A static DHCP host of a network.
     *
     * @param mac normalized MAC, or null
     * @param name host name, or null
     * @param ip the IP as written, or null
     * @param at where the {@code <host>} stands
     */
    public record Host(String mac, String name, String ip, Position at) {
    }

    /** The facts of a file's bytes; {@link #NONE} when they are not a well-formed domain or network. */
    public static FileFacts read(byte[] content) {
        try {
            io.addralloc.libvirt.xml.XmlFile xml = io.addralloc.libvirt.xml.XmlFile.parse(content);
            return switch (xml.root().getName()) {
                case "domain" -> ofDomain(xml.root());
                case "network" -> ofNetwork(xml.root());
                default -> NONE;
            };
        } catch (io.addralloc.libvirt.xml.XmlSyntaxError e) {
            return NONE;
        }
    }

    public static FileFacts ofDomain(LocatedElement root) {
        LocatedElement name = child(root, "name");
        LocatedElement uuid = child(root, "uuid");
        List<Nic> nics = new ArrayList<>();
        LocatedElement devices = child(root, "devices");
        if (devices != null) {
            for (Element i : devices.elements("interface")) {
                LocatedElement mac = child(i, "mac");
                String normalized = mac == null ? null : normalizeMac(mac.attributeValue("address"));
                if (mac != null && normalized == null) {
                    continue;
                }
                Element source = i.element("source");
                String network = "network".equals(i.attributeValue("type")) && source != null
                        ? source.attributeValue("network") : null;
                nics.add(new Nic(normalized, network, Position.of(mac != null ? mac : (LocatedElement) i)));
            }
        }
        return new FileFacts(FileKind.DOMAIN, text(name), name == null ? null : Position.of(name),
                uuid == null ? null : normalizeUuid(uuid.getTextTrim()), uuid == null ? null : Position.of(uuid), nics,
                List.of());
    }

    public static FileFacts ofNetwork(LocatedElement root) {
        LocatedElement name = child(root, "name");
        List<Host> hosts = new ArrayList<>();
        for (Element ip : root.elements("ip")) {
            Element dhcp = ip.element("dhcp");
            if (dhcp == null) {
                continue;
            }
            for (Element h : dhcp.elements("host")) {
                String mac = h.attributeValue("mac");
                hosts.add(new Host(mac == null ? null : normalizeMac(mac), h.attributeValue("name"),
                        h.attributeValue("ip"), Position.of((LocatedElement) h)));
            }
        }
        return new FileFacts(FileKind.NETWORK, text(name), name == null ? null : Position.of(name), null, null,
                List.of(), hosts);
    }

    /**
     * The MAC in libvirt's canonical form, or null when it is not six hex bytes separated by
     * colons. libvirt accepts single-digit bytes and either case, so {@code 52:54:0:A:b:c} and
     * {@code 52:54:00:0a:0b:0c} are the same MAC.
     */
    public static String normalizeMac(String mac) {
        if (mac == null) {
            return null;
        }
        String m = mac.trim();
        StringBuilder sb = new StringBuilder(17);
        int parts = 0;
        for (int start = 0; ; ) {
            int colon = m.indexOf(':', start);
            int end = colon < 0 ? m.length() : colon;
            if (end == start || end - start > 2 || ++parts > 6) {
                return null;
            }
            if (sb.length() > 0) {
                sb.append(':');
            }
            if (end - start == 1) {
                sb.append('0');
            }
            for (int i = start; i < end; i++) {
                char c = m.charAt(i);
                if (Character.digit(c, 16) < 0) {
                    return null;
                }
                sb.append(Character.toLowerCase(c));
            }
            if (colon < 0) {
                return parts == 6 ? sb.toString() : null;
            }
            start = colon + 1;
        }
    }

    /**
     * The UUID as 8-4-4-4-12 lower-case hex, or null when it is not 32 hex digits. libvirt reads
     * UUIDs with or without dashes and in either case, so the comparison must too.
     */
    public static String normalizeUuid(String uuid) {
        if (uuid == null) {
            return null;
        }
        StringBuilder hex = new StringBuilder(32);
        for (int i = 0; i < uuid.length(); i++) {
            char c = uuid.charAt(i);
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                return null;
            }
            hex.append(Character.toLowerCase(c));
        }
        if (hex.length() != 32) {
            return null;
        }
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static LocatedElement child(Element parent, String name) {
        return (LocatedElement) parent.element(name);
    }

    private static String text(Element e) {
        if (e == null) {
            return null;
        }
        String t = e.getTextTrim();
        return t.isEmpty() ? null : t;
    }
}
