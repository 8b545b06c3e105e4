package io.addralloc.libvirt.parse;

import io.addralloc.libvirt.model.Addr;


/**
 * Disk target names ({@code sda}, {@code hdc}, {@code vdaa}) and the drive index they stand
 * for: the letters after the prefix are a bijective base-26 number (a=0, z=25, aa=26).
 */
public final class DiskNames {
    private static final String[] PREFIXES = {"fd", "hd", "vd", "sd", "xvd", "ubd"};

    private DiskNames() {}

    /** The drive index of {@code name}, or -1 when libvirt cannot derive one. */
    public static long index(String name) {
        if (name == null) {
            return -1;
        }
        String prefix = null;
        for (String p : PREFIXES) {
            if (name.startsWith(p)) {
                prefix = p;
                break;
            }
        }
        if (prefix == null) {
            return -1;
        }
        int i = prefix.length();
        long idx = 0;
        int letters = 0;
        while (i < name.length() && name.charAt(i) >= 'a' && name.charAt(i) <= 'z') {
            idx = (idx + (letters > 0 ? 1 : 0)) * 26 + (name.charAt(i) - 'a');
            letters++;
            i++;
            if (idx > Integer.MAX_VALUE) {
                return -1;
            }
        }
        if (letters == 0) {
            return -1;
        }
        while (i < name.length()) {
            if (!Character.isDigit(name.charAt(i))) {
                return -1;
            }
            i++;
        }
        return idx;
    }

    /**
     * The partition number a target name ends in, as libvirt's parser reads it: 0 for none (a
     * lone {@code 0} counts as none too), -1 when the name cannot be parsed (no prefix or letter,
     * something after the digits, or several digits with a leading 0).
     */
    public static long partition(String name) {
        if (index(name) < 0) {
            return -1;
        }
        int end = name.length();
        int start = end;
        while (start > 0 && Character.isDigit(name.charAt(start - 1))) {
            start--;
        }
        String digits = name.substring(start, end);
        if (digits.isEmpty()) {
            return 0;
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            return -1;
        }
        long v = Numbers.parseUnsigned(digits, 10);
        return v < 0 || v > Integer.MAX_VALUE ? -1 : v;
    }

    /** Whether the name starts as a hard disk's may (libvirt: hd, sd, vd, xvd, ubd; not fd). */
    public static boolean isHardDiskName(String name) {
        for (String p : PREFIXES) {
            if (!p.equals("fd") && name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The drive address libvirt derives from a drive index on a disk bus, or null. */
    public static Addr.Drive driveAddress(String bus, long idx) {
        return switch (bus) {
            case "ide" -> new Addr.Drive(idx / 4, (idx % 4) / 2, 0, idx % 2);
            case "sata" -> new Addr.Drive(idx / 6, 0, 0, idx % 6);
            case "scsi" -> new Addr.Drive(idx / 7, 0, 0, idx % 7);
            case "fdc" -> new Addr.Drive(idx / 2, 0, 0, idx % 2);
            default -> null;
        };
    }

    /** Disk buses whose disks sit on a drive controller. */
    public static boolean isDriveBus(String bus) {
        return "ide".equals(bus) || "sata".equals(bus) || "scsi".equals(bus) || "fdc".equals(bus);
    }
}
