package io.addralloc.libvirt.model;

import java.util.Locale;

/**
 * The kinds of device a domain lists, in the order libvirt iterates over them when it collects
 * and validates addresses (its device-info iteration order). That order decides which error
 * libvirt reports first and which device's class decides the model of a bus it must add.
 */
public enum DeviceKind {
    DISK("disk"),
    INTERFACE("interface"),
    SOUND("sound"),
    HOSTDEV("hostdev"),
    VIDEO("video"),
    CONTROLLER("controller"),
    SMARTCARD("smartcard"),
    SERIAL("serial"),
    PARALLEL("parallel"),
    CHANNEL("channel"),
    CONSOLE("console"),
    INPUT("input"),
    FILESYSTEM("filesystem"),
    WATCHDOG("watchdog"),
    MEMBALLOON("memballoon"),
    RNG("rng"),
    NVRAM("nvram"),
    HUB("hub"),
    SHMEM("shmem"),
    TPM("tpm"),
    PANIC("panic"),
    MEMORY("memory"),
    REDIRDEV("redirdev"),
    IOMMU("iommu"),
    VSOCK("vsock");

    private final String element;

    DeviceKind(String element) {
        this.element = element;
    }

    /** The element name under {@code <devices>}. */
    public String element() {
        return element;
    }

    public static DeviceKind forElement(String name) {
        for (DeviceKind k : values()) {
            if (k.element.equals(name)) {
                return k;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
