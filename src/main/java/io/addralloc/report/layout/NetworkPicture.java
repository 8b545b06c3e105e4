package io.addralloc.report.layout;

import io.addralloc.libvirt.network.IpAddress;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A subnet as one line of its address space in SVG, from the network address to the last: the
 * gateway, each DHCP range as a bar and each static host as a tick on the line, then one row
 * per entry below it that names it. A host outside the subnet sits in the margin beyond the end
 * it passed; entries a finding concerns (a collision, a host outside the subnet) are drawn red
 * and link to the finding.
 */
final class NetworkPicture {
    private static final int WIDTH = 1000;
    private static final int LEFT = 150;
    private static final int RIGHT = 850;
    private static final int ROW = 22;

    private NetworkPicture() {}

    /**
     * @param flagged the lines that have a finding, with the number of the first (as listed on the page)
     */
    static void write(Appendable out, NetworkLayout.Subnet subnet, int number, java.util.Map<Integer, Integer> flagged)
            throws IOException {
        List<NetworkLayout.Mark> marks = subnet.marks();
        int axis = 44;
        int height = axis + 30 + marks.size() * ROW + 8;
        String cidr = subnet.first() + "/" + subnet.prefix();
        out.append("<svg class=\"net\" xmlns=\"http://www.w3.org/2000/svg\" role=\"group\" width=\"").append(
                Integer.toString(WIDTH)).append("\" height=\"").append(Integer.toString(height)).append("\" viewBox=\"0 0 ")
                .append(Integer.toString(WIDTH)).append(' ').append(Integer.toString(height))
                .append("\" aria-labelledby=\"net-title-").append(Integer.toString(number)).append("\"><title id=\"net-title-")
                .append(Integer.toString(number)).append("\">").append(Html.escape("subnet " + cidr + " ("
                        + subnet.size() + " addresses) with its gateway, DHCP ranges and static hosts"))
                .append("</title>\n");
        out.append("<g class=\"scale\"><title>").append(Html.escape(cidr + ": " + subnet.first() + " to " + subnet.last()))
                .append("</title><text x=\"8\" y=\"18\">").append(Html.escape(cidr + ", " + subnet.size() + " addresses"))
                .append("</text><text class=\"zone\" x=\"8\" y=\"").append(Integer.toString(axis + 4))
                .append("\">below the subnet</text><text class=\"zone\" x=\"").append(Integer.toString(RIGHT + 12))
                .append("\" y=\"").append(Integer.toString(axis + 4)).append("\">above the subnet</text><line x1=\"")
                .append(Integer.toString(LEFT)).append("\" y1=\"").append(Integer.toString(axis)).append("\" x2=\"")
                .append(Integer.toString(RIGHT)).append("\" y2=\"").append(Integer.toString(axis)).append("\"/><text x=\"")
                .append(Integer.toString(LEFT)).append("\" y=\"").append(Integer.toString(axis - 10)).append("\">")
                .append(Html.escape(subnet.first().toString())).append("</text><text x=\"").append(Integer.toString(RIGHT))
                .append("\" y=\"").append(Integer.toString(axis - 10)).append("\" text-anchor=\"end\">")
                .append(Html.escape(subnet.last().toString())).append("</text></g>\n");
        int y = axis + 30;
        for (NetworkLayout.Mark m : marks) {
            Integer finding = flagged.get(m.line());
            boolean outside = !subnet.contains(m.start()) || !subnet.contains(m.end());
            String cls = m.kind().name().toLowerCase(Locale.ROOT) + (finding != null || outside ? " flagged" : "");
            String what = switch (m.kind()) {
                case GATEWAY -> "gateway " + m.start();
                case RANGE -> "DHCP range " + m.start() + " - " + m.end();
                case HOST -> "host " + m.start() + (m.label().isEmpty() ? "" : " " + m.label());
            };
            String title = what + (outside ? " (outside the subnet)" : "") + ", line " + m.line();
            int x1 = x(subnet, m.start());
            int x2 = x(subnet, m.end());
            out.append("<g class=\"").append(cls).append("\" data-line=\"").append(Integer.toString(m.line()))
                    .append("\"><title>").append(Html.escape(title)).append("</title>");
            if (m.kind() == NetworkLayout.Kind.RANGE) {
                out.append("<rect x=\"").append(Integer.toString(x1)).append("\" y=\"").append(Integer.toString(axis - 6))
                        .append("\" width=\"").append(Integer.toString(Math.max(3, x2 - x1))).append("\" height=\"12\"/>");
            } else {
                out.append("<line x1=\"").append(Integer.toString(x1)).append("\" y1=\"").append(Integer.toString(axis - 9))
                        .append("\" x2=\"").append(Integer.toString(x1)).append("\" y2=\"").append(Integer.toString(axis + 9))
                        .append("\"/>");
            }
            out.append("<line class=\"leader\" x1=\"").append(Integer.toString(x1)).append("\" y1=\"")
                    .append(Integer.toString(axis + 9)).append("\" x2=\"").append(Integer.toString(x1)).append("\" y2=\"")
                    .append(Integer.toString(y - 4)).append("\"/><text x=\"").append(Integer.toString(Math.min(x1 + 4,
                            WIDTH - 300))).append("\" y=\"").append(Integer.toString(y + 4)).append("\">")
                    .append(Html.escape(Html.cut(what + (outside ? ", outside the subnet" : ""), 60))).append("</text>");
            if (finding != null) {
                out.append("<a href=\"#f").append(Integer.toString(finding)).append("\"><text class=\"badge-text\" x=\"")
                        .append(Integer.toString(Math.min(x1 + 4, WIDTH - 300) + 440)).append("\" y=\"")
                        .append(Integer.toString(y + 4)).append("\">finding ").append(Integer.toString(finding))
                        .append("</text></a>");
            }
            out.append("</g>\n");
            y += ROW;
        }
        out.append("</svg>\n");
    }

    /** The x of an address: on the line inside the subnet, in a margin beyond the end it passes outside. */
    private static int x(NetworkLayout.Subnet subnet, IpAddress ip) {
        if (ip.v6() != subnet.v6()) {
            return 20;
        }
        double p = subnet.position(ip);
        if (p < 0) {
            return 40;
        }
        if (p > 1) {
            return RIGHT + 60;
        }
        return LEFT + (int) Math.round(p * (RIGHT - LEFT));
    }
}
