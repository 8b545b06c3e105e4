package io.addralloc.report.layout;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain's PCI topology as inline SVG: one row per bus, slot function and run of free slots,
 * each bus under the function of the controller that provides it. Devices libvirt places itself
 * are drawn dashed and say "libvirt chooses"; free slots say whether a device can be hot-plugged
 * there; a finding is a numbered badge on its device's row that links to the finding. Every row
 * is a group with a {@code <title>}, so a screen reader (and a pointer) gets the whole text where
 * the row has to cut it.
 */
final class PciPicture {
    static final int ROW = 24;
    /** The item number under which findings about the topology as a whole are given: drawn on the first bus. */
    static final int TOPOLOGY = -2;
    private static final int WIDTH = 1000;
    private static final int INDENT = 26;
    private static final int LABEL_CHARS = 96;

    private final DomainLayout layout;
    /** Item to the numbers of its findings (1-based, as listed on the page) and whether any is an error. */
    private final Map<Integer, List<Integer>> findingsOf;
    private final Map<Integer, Boolean> errorOn;
    private final Map<Integer, DomainLayout.BusView> buses = new HashMap<>();
    private final StringBuilder rows = new StringBuilder(4096);
    private int y = 8;

    private PciPicture(DomainLayout layout, Map<Integer, List<Integer>> findingsOf, Map<Integer, Boolean> errorOn) {
        this.layout = layout;
        this.findingsOf = findingsOf;
        this.errorOn = errorOn;
        for (DomainLayout.BusView b : layout.pci()) {
            buses.put(b.index(), b);
        }
    }

    static void write(Appendable out, DomainLayout layout, Map<Integer, List<Integer>> findingsOf,
            Map<Integer, Boolean> errorOn) throws IOException {
        PciPicture p = new PciPicture(layout, findingsOf, errorOn);
        boolean first = true;
        for (DomainLayout.BusView b : layout.pci()) {
            if (b.depth() == 0) {
                p.bus(b, 0, first);
                first = false;
            }
        }
        p.unplaced();
        int height = p.y + 8;
        out.append("<svg class=\"pci\" xmlns=\"http://www.w3.org/2000/svg\" role=\"group\" width=\"").append(
                Integer.toString(WIDTH)).append("\" height=\"").append(Integer.toString(height))
                .append("\" viewBox=\"0 0 ").append(Integer.toString(WIDTH)).append(' ').append(Integer.toString(height))
                .append("\" aria-labelledby=\"pci-title\"><title id=\"pci-title\">PCI topology of ")
                .append(Html.escape(layout.name() == null ? "the domain" : layout.name()))
                .append(" as libvirt will have it</title>\n");
        out.append(p.rows);
        out.append("</svg>\n");
    }

    /** A bus's header row, then its slots; a function's bus is drawn right below that function. */
    private void bus(DomainLayout.BusView b, int depth, boolean first) {
        int x = 8 + depth * INDENT;
        String model = b.model() + (b.index() == 0 ? " (root complex)" : "");
        String hot = b.hotpluggable() ? "hot-pluggable" : "no hot-plug";
        String text = "bus 0x" + Html.hex(b.index(), 2) + ", " + model + ", " + hot;
        row("bus", x, text, text, null, first ? TOPOLOGY : -1, false);
        int s = 0;
        List<DomainLayout.SlotView> slots = b.slots();
        while (s < slots.size()) {
            DomainLayout.SlotView slot = slots.get(s);
            if (slot.free()) {
                int end = s;
                while (end + 1 < slots.size() && slots.get(end + 1).free()) {
                    end++;
                }
                freeRun(b, slots.get(s).number(), slots.get(end).number(), x + INDENT);
                s = end + 1;
                continue;
            }
            for (DomainLayout.FunctionView f : slot.functions()) {
                function(b, slot.number(), f, x + INDENT);
                if (f.childBus() >= 0 && buses.containsKey(f.childBus())) {
                    bus(buses.get(f.childBus()), depth + 2, false);
                }
            }
            s++;
        }
    }

    private void freeRun(DomainLayout.BusView b, int first, int last, int x) {
        int count = last - first + 1;
        String where = first == last ? "slot 0x" + Html.hex(first, 2)
                : "slots 0x" + Html.hex(first, 2) + "-0x" + Html.hex(last, 2);
        String what;
        if (b.port()) {
            what = b.hotpluggable() ? "free port: a device can be hot-plugged here" : "free port, hotplug='off'";
        } else {
            what = (count == 1 ? "free" : count + " free") + (b.hotpluggable() ? ", hot-pluggable"
                    : ", no hot-plug on this bus");
        }
        String text = where + "  " + what;
        String title = "bus 0x" + Html.hex(b.index(), 2) + " " + where + ": " + what;
        row(b.hotpluggable() ? "free hot" : "free", x, text, title, null, -1, false);
    }

    private void function(DomainLayout.BusView b, int slot, DomainLayout.FunctionView f, int x) {
        String address = Html.pci(0, b.index(), slot, f.number());
        if (f.chipset() != null) {
            String text = address.substring(5) + "  chipset: " + f.chipset();
            row("chipset", x, text, address + " " + f.chipset() + " (part of the machine; no element in the file)",
                    address, -1, false);
            return;
        }
        boolean conflict = f.items().size() > 1;
        for (int id : f.items()) {
            DomainLayout.Item item = layout.devices().get(id);
            String label = item.label() + (f.childBus() >= 0 && isController(item)
                    ? " -> bus 0x" + Html.hex(f.childBus(), 2) : "");
            String text = address.substring(5) + "  " + label;
            String title = address + " " + label + (item.libvirtChooses() ? " (libvirt chooses this address)" : "")
                    + (conflict ? " (shares this address with another device)" : "")
                    + (item.line() > 0 ? ", line " + item.line() : ", added by libvirt");
            row(conflict ? "device conflict" : "device", x, text, title, address, id, item.libvirtChooses());
        }
    }

    /**
     * PCI devices drawn on no slot, at the end: their address names no slot of these buses, or is
     * one libvirt refuses to read. Their findings would otherwise be drawn nowhere.
     */
    private void unplaced() {
        java.util.Set<Integer> drawn = new java.util.HashSet<>();
        for (DomainLayout.BusView b : layout.pci()) {
            for (DomainLayout.SlotView s : b.slots()) {
                for (DomainLayout.FunctionView f : s.functions()) {
                    drawn.addAll(f.items());
                }
            }
        }
        boolean header = false;
        for (DomainLayout.Item item : layout.devices()) {
            boolean off = layout.offBus().contains(item.id()) || item.pci() && item.address().isEmpty()
                    && findingsOf.containsKey(item.id());
            if (drawn.contains(item.id()) || !off) {
                continue;
            }
            if (!header) {
                row("bus", 8, "on no slot", "devices on no slot of these buses: the file's address names no slot,"
                        + " or is one libvirt refuses", null, -1, false);
                header = true;
            }
            String where = item.address().isEmpty() ? "address refused" : item.address();
            row("device conflict", 8 + INDENT, where + "  " + item.label(), item.label() + " at " + where
                    + (item.line() > 0 ? ", line " + item.line() : ""), null, item.id(), false);
        }
    }

    private static boolean isController(DomainLayout.Item item) {
        return item.kind().equals("controller");
    }

    /** One row: a box with the text, a "libvirt chooses" tag, and the badges of its findings. */
    private void row(String cls, int x, String text, String title, String address, int item, boolean chosen) {
        int w = WIDTH - 8 - x;
        List<Integer> findings = item == -1 ? List.of() : findingsOf.getOrDefault(item, List.of());
        String boxClass = cls + (chosen ? " chosen" : "") + (findings.isEmpty() ? "" : Boolean.TRUE.equals(
                errorOn.get(item)) ? " error" : " warning");
        rows.append("<g class=\"").append(boxClass).append('"');
        if (address != null) {
            rows.append(" data-address=\"").append(address).append('"');
        }
        if (item >= 0) {
            rows.append(" data-item=\"").append(item + 1).append('"');
        }
        // Coordinates inside a row are the row's own: each row is moved into place as a whole.
        rows.append(" transform=\"translate(").append(x).append(',').append(y).append(")\"><title>")
                .append(Html.escape(title)).append("</title><rect width=\"").append(w).append("\" height=\"")
                .append(ROW - 4).append("\"/><text x=\"6\" y=\"15\">")
                .append(Html.escape(Html.cut(text, LABEL_CHARS - (x / 8)))).append("</text>");
        int right = w - 6;
        for (int i = findings.size() - 1; i >= 0; i--) {
            int n = findings.get(i);
            String label = Integer.toString(n);
            int bw = 10 + 7 * label.length();
            right -= bw;
            rows.append("<a href=\"#f").append(n).append("\"><rect class=\"badge\" x=\"").append(right)
                    .append("\" y=\"3\" width=\"").append(bw).append("\" height=\"").append(ROW - 10)
                    .append("\"/><text class=\"badge\" x=\"").append(right + bw / 2)
                    .append("\" y=\"14\" text-anchor=\"middle\">").append(label).append("</text></a>");
            right -= 4;
        }
        if (chosen) {
            right -= 112;
            rows.append("<text class=\"tag\" x=\"").append(right).append("\" y=\"15\">libvirt chooses</text>");
        }
        rows.append("</g>\n");
        y += ROW;
    }
}
