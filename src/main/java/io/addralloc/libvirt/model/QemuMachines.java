package io.addralloc.libvirt.model;

import java.util.HashSet;
import java.util.Set;

/**
 * The versioned machine types QEMU 7.2 (Debian 12) offers for the families addralloc models, as
 * {@code virsh capabilities} lists them. libvirt refuses a domain whose machine type its QEMU
 * lacks ({@code Emulator '...' does not support machine type 'pc-0.12'}).
 */
public final class QemuMachines {
    private static final Set<String> VERSIONED = new HashSet<>();

    static {
        String[] from2 = {"3.0", "3.1", "4.0", "4.1", "4.2", "5.0", "5.1", "5.2", "6.0", "6.1", "6.2", "7.0", "7.1",
                "7.2"};
        add("pc-i440fx-", "1.4", "1.5", "1.6", "1.7");
        add("pc-i440fx-", minors2(0));
        add("pc-i440fx-", from2);
        add("pc-q35-", minors2(4));
        add("pc-q35-", from2);
        add("pc-q35-", "4.0.1");
        add("s390-ccw-virtio-", minors2(4));
        add("s390-ccw-virtio-", from2);
        add("pseries-", minors2(1));
        add("pseries-", "2.12-sxxm");
        add("pseries-", from2);
        add("virt-", minors2(6));
        add("virt-", from2);
    }

    private QemuMachines() {}

    private static String[] minors2(int first) {
        String[] v = new String[13 - first];
        for (int i = first; i <= 12; i++) {
            v[i - first] = "2." + i;
        }
        return v;
    }

    private static void add(String prefix, String... versions) {
        for (String v : versions) {
            VERSIONED.add(prefix + v);
        }
    }

    /**
     * Whether QEMU 7.2 has this machine type of a modelled family: the plain aliases always, a
     * versioned name only if it is one of QEMU's.
     */
    public static boolean exists(String machine) {
        return machine == null || machine.equals("pc") || machine.equals("q35") || machine.equals("s390-ccw-virtio")
                || machine.equals("pseries") || machine.equals("virt") || VERSIONED.contains(machine);
    }
}
