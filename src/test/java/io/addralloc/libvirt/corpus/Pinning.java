package io.addralloc.libvirt.corpus;

import io.addralloc.libvirt.define.DefineSimulation;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.xml.LocatedElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dom4j.Attribute;
import org.dom4j.Element;

/**
 * Whether a file pins its layout: everything libvirt's {@code dumpxml} of it shows that decides
 * where a device sits is written in the file itself. For every device of libvirt's output that
 * has an address, the file's counterpart must give that address; for every controller, the
 * file must list it with libvirt's model, and a PCI controller with libvirt's {@code <target>}
 * values and model name. Devices are matched by what identifies them (a controller by type and
 * index, a disk by target name, other devices by their rank among the devices of their kind and
 * model), not by their position in the file, since libvirt reorders disks and videos.
 */
public final class Pinning {
    private Pinning() {}

    /**
     * What libvirt's output says that the file leaves to libvirt, one line per item; empty
     * when the file is fully pinned.
     */
    public static List<String> missing(LocatedElement file, LocatedElement libvirtOutput) {
        Map<String, Device> ours = byIdentity(DefineSimulation.run(file).domain());
        Map<String, Device> theirs = byIdentity(DefineSimulation.run(libvirtOutput).domain());
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Device> e : theirs.entrySet()) {
            Device libvirt = e.getValue();
            Device own = ours.get(e.getKey());
            boolean controller = libvirt.kind() == DeviceKind.CONTROLLER;
            if (own != null && libvirt.element() != null) {
                compareDefaults(e.getKey(), libvirt, own, missing);
            }
            if (libvirt.xmlAddr == null && !controller) {
                continue;
            }
            if (own == null) {
                missing.add(e.getKey() + ": libvirt adds it" + (libvirt.xmlAddr == null ? ""
                        : " at " + Layout.format(libvirt.xmlAddr)));
                continue;
            }
            if (libvirt.xmlAddr != null && !Layout.format(libvirt.xmlAddr).equals(Layout.format(own.xmlAddr))) {
                missing.add(e.getKey() + ": address " + Layout.format(own.xmlAddr) + " in the file, libvirt "
                        + Layout.format(libvirt.xmlAddr));
            } else if (libvirt.xmlAddr != null) {
                compareChild(e.getKey(), "zpci", (Element) libvirt.element().element("address"),
                        (Element) own.element().element("address"), missing);
            }
            if (controller) {
                String model = libvirt.element().attributeValue("model");
                if (model != null && !model.equals(own.element().attributeValue("model"))) {
                    missing.add(e.getKey() + ": model " + own.element().attributeValue("model") + " in the file,"
                            + " libvirt " + model);
                }
                if ("pci".equals(libvirt.type)) {
                    compareChild(e.getKey(), "target", libvirt.element(), own.element(), missing);
                    compareChild(e.getKey(), "model", libvirt.element(), own.element(), missing);
                }
                compareChild(e.getKey(), "master", libvirt.element(), own.element(), missing);
            }
        }
        return missing;
    }

    /**
     * What libvirt fills in that decides a device's bus and place: a NIC's model, a disk's bus,
     * a character device's target type and port.
     */
    private static void compareDefaults(String key, Device libvirt, Device own, List<String> missing) {
        switch (libvirt.kind()) {
            case INTERFACE -> compareChild(key, "model", libvirt.element(), own.element(), missing);
            case DISK -> {
                Element theirs = libvirt.element().element("target");
                Element mine = own.element().element("target");
                if (theirs != null && mine != null && theirs.attributeValue("bus") != null
                        && !theirs.attributeValue("bus").equals(mine.attributeValue("bus"))) {
                    missing.add(key + ": <target bus> " + mine.attributeValue("bus") + " in the file, libvirt "
                            + theirs.attributeValue("bus"));
                }
            }
            case SERIAL, CONSOLE, PARALLEL -> compareChild(key, "target", libvirt.element(), own.element(), missing);
            default -> { }
        }
    }

    /** Every attribute of libvirt's {@code <name>} child must be in the file's, with the same value. */
    private static void compareChild(String key, String name, Element libvirt, Element own, List<String> missing) {
        Element theirs = libvirt.element(name);
        if (theirs == null) {
            return;
        }
        Element mine = own.element(name);
        for (Attribute a : theirs.attributes()) {
            String have = mine == null ? null : mine.attributeValue(a.getName());
            if (!sameNumberOrText(have, a.getValue())) {
                missing.add(key + ": <" + name + " " + a.getName() + "> " + have + " in the file, libvirt "
                        + a.getValue());
            }
        }
    }

    private static boolean sameNumberOrText(String have, String want) {
        if (have == null) {
            return false;
        }
        long h = io.addralloc.libvirt.parse.Numbers.parseUnsigned(have, 0);
        long w = io.addralloc.libvirt.parse.Numbers.parseUnsigned(want, 0);
        return h >= 0 && w >= 0 ? h == w : have.equals(want);
    }

    /**
     * The devices the file lists, under keys that identify them across a file and libvirt's
     * output; the domain is simulated, so that defaults (a controller's index, an input's bus,
     * the primary video first) are filled in as libvirt fills them, while {@code xmlAddr} stays
     * what the file says.
     */
    static Map<String, Device> byIdentity(Domain domain) {
        Map<String, Device> out = new HashMap<>();
        if (domain == null) {
            return out;
        }
        Map<String, Integer> ranks = new HashMap<>();
        for (Device d : domain.all()) {
            // Devices libvirt adds count in the ranks (a console it puts first moves the others
            // down), but only the file's own can pin anything.
            String key;
            if (d.kind() == DeviceKind.CONTROLLER) {
                key = Layout.controllerKey(d);
            } else if (d.kind() == DeviceKind.DISK && d.targetDev != null) {
                key = "disk " + d.targetDev;
            } else {
                String group = d.kind() + (d.kind() == DeviceKind.INPUT
                        ? " " + Objects.toString(d.type, "") + " " + Objects.toString(d.bus, "") : "");
                int rank = ranks.merge(group, 1, Integer::sum);
                key = group + " #" + rank;
            }
            if (d.element() != null) {
                out.putIfAbsent(key, d);
            }
        }
        return out;
    }
}
