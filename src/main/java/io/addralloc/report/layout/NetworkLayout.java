package io.addralloc.report.layout;

import io.addralloc.libvirt.network.IpAddress;
import io.addralloc.libvirt.network.NetworkVerifier;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.libvirt.xml.XmlFile;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.dom4j.Element;

/**
 * What a network's page shows: each {@code <ip>} as one line of its address space, from the
 * network address to the last, with the gateway, the DHCP ranges and the static hosts on it. A
 * host outside the subnet is placed beyond the line's end; which entries collide comes from
 * verify's findings on their lines.
 *
 * @param name the {@code <name>}, or null
 * @param subnets one per {@code <ip>} whose address and prefix libvirt reads
 * @param source the file's lines (empty when too large to show)
 */
public record NetworkLayout(String name, List<Subnet> subnets, List<String> source) {

    /**
     * An {@code <ip>} element's subnet.
     *
     * @param first the network address
     * @param last the last address (IPv4: the broadcast address)
     * @param line where the {@code <ip>} stands
     */
    public record Subnet(boolean v6, IpAddress gateway, int prefix, IpAddress first, IpAddress last, int line,
            List<Mark> marks) {
        /** Where {@code ip} falls on the line: 0 at the network address, 1 at the last; outside [0, 1] beyond them. */
        public double position(IpAddress ip) {
            BigInteger span = last.value().subtract(first.value());
            if (span.signum() == 0) {
                return 0;
            }
            return new java.math.BigDecimal(ip.value().subtract(first.value())).divide(new java.math.BigDecimal(span),
                    java.math.MathContext.DECIMAL64).doubleValue();
        }

        public boolean contains(IpAddress ip) {
            return ip.v6() == v6 && ip.compareTo(first) >= 0 && ip.compareTo(last) <= 0;
        }

        /** How many addresses the subnet has, as text (an IPv6 /64 has more than a long holds). */
        public String size() {
            return BigInteger.ONE.shiftLeft(first.bits() - prefix).toString();
        }
    }

    /** What is marked on a subnet's line. */
    public enum Kind { GATEWAY, RANGE, HOST }

    /**
     * A mark: the gateway, a DHCP range (start to end) or a static host (start = end).
     *
     * @param label what it is: the host's name and MAC, or empty
     * @param line where its element stands
     */
    public record Mark(Kind kind, IpAddress start, IpAddress end, String label, int line) {
    }

    public static NetworkLayout of(XmlFile xml) {
        LocatedElement root = xml.root();
        List<Subnet> subnets = new ArrayList<>();
        for (Element e : root.elements("ip")) {
            LocatedElement ip = (LocatedElement) e;
            IpAddress gateway = IpAddress.parse(ip.attributeValue("address"));
            boolean v6 = "ipv6".equals(ip.attributeValue("family"));
            if (gateway == null || gateway.v6() != v6) {
                continue;
            }
            int prefix = NetworkVerifier.prefix(ip.attributeValue("prefix"), ip.attributeValue("netmask"), gateway);
            if (prefix < 0) {
                continue;
            }
            List<Mark> marks = new ArrayList<>();
            marks.add(new Mark(Kind.GATEWAY, gateway, gateway, "", ip.line()));
            Element dhcp = ip.element("dhcp");
            if (dhcp != null) {
                for (Element r : dhcp.elements("range")) {
                    IpAddress start = IpAddress.parse(r.attributeValue("start"));
                    IpAddress end = IpAddress.parse(r.attributeValue("end"));
                    if (start != null && end != null && start.v6() == v6 && end.v6() == v6) {
                        marks.add(new Mark(Kind.RANGE, start, end, "", ((LocatedElement) r).line()));
                    }
                }
                for (Element h : dhcp.elements("host")) {
                    IpAddress at = IpAddress.parse(h.attributeValue("ip"));
                    if (at != null && at.v6() == v6) {
                        String label = String.join(" ", nonNull(h.attributeValue("name"), h.attributeValue("mac"),
                                h.attributeValue("id")));
                        marks.add(new Mark(Kind.HOST, at, at, label, ((LocatedElement) h).line()));
                    }
                }
            }
            subnets.add(new Subnet(v6, gateway, prefix, gateway.network(prefix), gateway.last(prefix), ip.line(),
                    List.copyOf(marks)));
        }
        return new NetworkLayout(root.elementTextTrim("name"), List.copyOf(subnets),
                DomainLayout.sourceLines(xml.source()));
    }

    private static List<String> nonNull(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }
}
