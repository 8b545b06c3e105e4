package io.addralloc.libvirt.network;

import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.xml.LocatedElement;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.dom4j.Element;

/**
 * Checks a libvirt {@code <network>}: what libvirt 9.0's net-define refuses (worded as libvirt
 * words it), and what it accepts although the network cannot work as written: DHCP ranges that
 * overlap, static hosts outside the subnet, on the gateway, network or broadcast address, or
 * sharing an IP, a MAC or a name.
 */
public final class NetworkVerifier {
    private static final Pattern MAC = Pattern.compile("(?i)[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}");

    /** A static DHCP host, kept for checks across files. */
    public record Host(String mac, String name, IpAddress ip, LocatedElement at) {
    }

    /**
     * @param name the network's name
     * @param problems what is wrong with it
     * @param hosts its static hosts with a readable MAC
     */
    public record Result(String name, List<Problem> problems, List<Host> hosts) {
    }

    private final List<Problem> problems = new ArrayList<>();
    private final List<Host> hosts = new ArrayList<>();
    private String name;

    private NetworkVerifier() {}

    public static Result verify(LocatedElement root) {
        NetworkVerifier v = new NetworkVerifier();
        v.name = root.elementTextTrim("name");
        int v4Dhcp = 0;
        int v6Dhcp = 0;
        for (Element e : root.elements("ip")) {
            LocatedElement ip = (LocatedElement) e;
            boolean v6 = "ipv6".equals(ip.attributeValue("family"));
            if (ip.element("dhcp") != null) {
                if (v6 ? ++v6Dhcp > 1 : ++v4Dhcp > 1) {
                    v.error(Rule.NETWORK_INVALID, ip, "Multiple IPv" + (v6 ? "6" : "4") + " dhcp sections found --"
                            + " dhcp is supported only for a single IPv" + (v6 ? "6" : "4") + " address on each network");
                }
            }
            v.checkIp(ip, v6);
        }
        return new Result(v.name, List.copyOf(v.problems), List.copyOf(v.hosts));
    }

    private void error(Rule rule, LocatedElement at, String message) {
        problems.add(Problem.error(rule, at, message));
    }

    /** A clash with {@code other}, which reports show as a related location. */
    private void clash(Rule rule, LocatedElement at, LocatedElement other, String message) {
        problems.add(Problem.error(rule, at, message).with(other));
    }

    private void checkIp(LocatedElement ip, boolean v6) {
        IpAddress gateway = IpAddress.parse(ip.attributeValue("address"));
        if (gateway == null || gateway.v6() != v6) {
            error(Rule.NETWORK_INVALID, ip, "Invalid address '" + ip.attributeValue("address") + "' in network '" + name
                    + "'");
            return;
        }
        int prefix = prefixOf(ip, gateway);
        if (prefix < 0) {
            return;
        }
        Subnet subnet = new Subnet(gateway, prefix);
        Element dhcp = ip.element("dhcp");
        if (dhcp == null) {
            return;
        }
        List<IpAddress[]> ranges = new ArrayList<>();
        List<LocatedElement> rangeElements = new ArrayList<>();
        for (Element r : dhcp.elements("range")) {
            IpAddress[] range = checkRange((LocatedElement) r, subnet);
            if (range != null) {
                for (int i = 0; i < ranges.size(); i++) {
                    IpAddress[] o = ranges.get(i);
                    if (range[0].compareTo(o[1]) <= 0 && o[0].compareTo(range[1]) <= 0) {
                        clash(Rule.NETWORK_RANGE_OVERLAP, (LocatedElement) r, rangeElements.get(i), "range " + range[0] + " - " + range[1]
                                + " overlaps the range at line " + rangeElements.get(i).line() + " (" + o[0] + " - "
                                + o[1] + "); make the ranges disjoint");
                        break;
                    }
                }
                ranges.add(range);
                rangeElements.add((LocatedElement) r);
            }
        }
        Map<String, LocatedElement> macs = new HashMap<>();
        Map<String, LocatedElement> names = new HashMap<>();
        for (Element h : dhcp.elements("host")) {
            checkHost((LocatedElement) h, v6, subnet, macs, names);
        }
    }

    private int prefixOf(LocatedElement ip, IpAddress gateway) {
        String prefixText = ip.attributeValue("prefix");
        String netmask = ip.attributeValue("netmask");
        int p = prefix(prefixText, netmask, gateway);
        if (p == BAD_PREFIX) {
            error(Rule.NETWORK_INVALID, ip, "Invalid IPv" + (gateway.v6() ? "6" : "4") + " prefix '" + prefixText
                    + "' in network '" + name + "'");
            return -1;
        }
        if (p == BAD_NETMASK) {
            error(Rule.NETWORK_INVALID, ip, "Invalid netmask '" + netmask + "' in network '" + name + "'");
            return -1;
        }
        if (prefixText == null && netmask != null && IpAddress.prefixOfNetmask(IpAddress.parse(netmask)) < 0) {
            problems.add(Problem.warning(Rule.NETWORK_NETMASK, ip, "netmask " + netmask + " has holes; libvirt"
                    + " accepts it, but a netmask is a run of ones (e.g. 255.255.255.0). Use prefix= instead"));
        }
        return p;
    }

    private static final int BAD_PREFIX = -1;
    private static final int BAD_NETMASK = -2;

    /**
     * The prefix length of an {@code <ip>} element as libvirt reads it: {@code prefix=}, else
     * {@code netmask=} (one with holes counts its ones), else 64 for IPv6 and the address's class for
     * IPv4; negative when the prefix or netmask is one libvirt refuses.
     */
    public static int prefix(String prefixText, String netmask, IpAddress gateway) {
        if (prefixText != null) {
            int p = prefixText.matches("\\d{1,3}") ? Integer.parseInt(prefixText) : -1;
            return p < 0 || p > gateway.bits() ? BAD_PREFIX : p;
        }
        if (netmask != null) {
            IpAddress mask = IpAddress.parse(netmask);
            if (mask == null || mask.v6()) {
                return BAD_NETMASK;
            }
            int p = IpAddress.prefixOfNetmask(mask);
            return p >= 0 ? p : Long.bitCount(mask.value().longValue());
        }
        if (gateway.v6()) {
            return 64;
        }
        long first = gateway.value().longValue() >>> 24;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    private IpAddress[] checkRange(LocatedElement r, Subnet subnet) {
        String startText = r.attributeValue("start");
        String endText = r.attributeValue("end");
        IpAddress start = IpAddress.parse(startText);
        IpAddress end = IpAddress.parse(endText);
        if (start == null || end == null) {
            error(Rule.NETWORK_INVALID, r, "Cannot parse socket address '" + (start == null ? startText : endText) + "'");
            return null;
        }
        String desc = start + " - " + end;
        if (start.v6() != subnet.gateway.v6() || end.v6() != subnet.gateway.v6()) {
            error(Rule.NETWORK_INVALID, r, "mismatch of address family in range " + desc + " for network "
                    + subnet.gateway);
            return null;
        }
        if (start.compareTo(end) > 0) {
            error(Rule.NETWORK_INVALID, r, "range " + desc + " is reversed");
            return null;
        }
        if (!subnet.contains(start) || !subnet.contains(end)) {
            error(Rule.NETWORK_RANGE_OUTSIDE, r, "range " + desc + " is not entirely within network " + subnet);
            return null;
        }
        if (!subnet.gateway.v6()) {
            if (start.equals(subnet.network)) {
                error(Rule.NETWORK_RANGE_OUTSIDE, r, "start of range " + desc + " in network " + subnet
                        + " is the network address");
                return null;
            }
            if (end.equals(subnet.broadcast)) {
                error(Rule.NETWORK_RANGE_OUTSIDE, r, "end of range " + desc + " in network " + subnet
                        + " is the broadcast address");
                return null;
            }
        }
        return new IpAddress[] {start, end};
    }

    private void checkHost(LocatedElement h, boolean v6, Subnet subnet, Map<String, LocatedElement> macs,
            Map<String, LocatedElement> names) {
        String mac = h.attributeValue("mac");
        String hostName = h.attributeValue("name");
        String ipText = h.attributeValue("ip");
        if (mac != null && !MAC.matcher(mac).matches()) {
            error(Rule.NETWORK_INVALID, h, "Cannot parse MAC address '" + mac + "' in network '" + name + "'");
            return;
        }
        if (!v6 && mac == null && hostName == null) {
            error(Rule.NETWORK_INVALID, h, "Static host definition in IPv4 network '" + name
                    + "' must have mac or name attribute");
            return;
        }
        if (ipText == null) {
            error(Rule.NETWORK_INVALID, h, "Missing IP address in static host definition for network '" + name + "'");
            return;
        }
        IpAddress ip = IpAddress.parse(ipText);
        if (ip == null) {
            error(Rule.NETWORK_INVALID, h, "Invalid IP address in static host definition for network '" + name + "'");
            return;
        }
        String normalizedMac = mac == null ? null : normalizeMac(mac);
        if (normalizedMac != null) {
            LocatedElement other = macs.putIfAbsent(normalizedMac, h);
            if (other != null) {
                clash(Rule.NETWORK_DUPLICATE_HOST, h, other, "MAC " + normalizedMac + " is also given to the host at line "
                        + other.line() + "; each MAC may have one static entry");
            }
            hosts.add(new Host(normalizedMac, hostName, ip, h));
        }
        if (hostName != null) {
            LocatedElement other = names.putIfAbsent(hostName, h);
            if (other != null) {
                clash(Rule.NETWORK_DUPLICATE_HOST, h, other, "host name '" + hostName + "' is also used at line " + other.line());
            }
        }
        if (!subnet.contains(ip)) {
            error(Rule.NETWORK_HOST_OUTSIDE, h, "host IP " + ip + " is outside network " + subnet
                    + "; dnsmasq will never hand it out");
            return;
        }
        String reserved = ip.equals(subnet.gateway) ? "the network's own address (the gateway)"
                : ip.equals(subnet.network) && !ip.v6() ? "the network address"
                : ip.equals(subnet.broadcast) && !ip.v6() ? "the broadcast address" : null;
        if (reserved != null) {
            error(Rule.NETWORK_HOST_RESERVED, h, "host IP " + ip + " is " + reserved + " of " + subnet
                    + "; pick another address");
            return;
        }
        if (subnet.reserve(ip, h) instanceof ReserveResult.Conflict<LocatedElement> c) {
            LocatedElement other = c.currentOwner();
            clash(Rule.NETWORK_DUPLICATE_IP, h, other, "host IP " + ip + " is also given to the host at line " + other.line()
                    + "; each static host needs its own IP");
        }
    }

    static String normalizeMac(String mac) {
        StringBuilder sb = new StringBuilder();
        for (String part : mac.split(":")) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(part.length() == 1 ? "0" + part : part);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** One {@code <ip>}'s subnet and the host IPs reserved in it. */
    private static final class Subnet {
        final IpAddress gateway;
        final int prefix;
        final IpAddress network;
        final IpAddress broadcast;
        /** Made at the first host's reservation. */
        private DhcpHostSet<LocatedElement> hosts;

        Subnet(IpAddress gateway, int prefix) {
            this.gateway = gateway;
            this.prefix = prefix;
            this.network = gateway.network(prefix);
            this.broadcast = gateway.last(prefix);
        }

        boolean contains(IpAddress ip) {
            return ip.v6() == gateway.v6() && ip.compareTo(network) >= 0 && ip.compareTo(broadcast) <= 0;
        }

        /** Reserves an IP of the subnet for a static host, or names the host that has it. */
        ReserveResult<LocatedElement> reserve(IpAddress ip, LocatedElement host) {
            if (hosts == null) {
                hosts = new DhcpHostSet<>(network, broadcast);
            }
            return hosts.reserve(ip, host);
        }

        @Override
        public String toString() {
            return gateway + "/" + prefix;
        }
    }
}
